package vn.soctinh.analyzer.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content parsers of one pipeline, found by program name or by config name. Program look-up
 * tries the exact name, then the part before {@code (}, {@code /} or {@code -} ({@code sshd(pam_unix)},
 * {@code postfix/smtpd}, {@code %ASA-6-302013} → {@code %asa}).
 */
public final class ParserRegistry {
  private final Map<String, ContentParser> byName = new LinkedHashMap<>();
  private final Map<String, ContentParser> byProgram = new HashMap<>();
  private final List<ContentParser> sniffers;

  public ParserRegistry(List<ContentParser> parsers) {
    for (ContentParser p : parsers) {
      if (byName.putIfAbsent(p.name(), p) != null) throw new IllegalArgumentException("two parsers named " + p.name());
      for (String prog : p.programs()) byProgram.putIfAbsent(prog, p);
    }
    sniffers = new ArrayList<>(parsers);
  }

  public ContentParser named(String name) {
    return byName.get(name);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The parser claiming a program (lower case), or null. */
  public ContentParser forProgram(String program) {
    if (program == null || program.isEmpty()) return null;
    ContentParser p = byProgram.get(program);
    if (p != null) return p;
    for (int i = 1; i < program.length(); i++) {
      char c = program.charAt(i);
      if (c == '(' || c == '/' || c == '-' || c == '[') return byProgram.get(program.substring(0, i));
    }
    return null;
  }

  /** The first parser whose sniff accepts the line (other than {@code skip}), or null. */
  public ContentParser sniff(LogLine line, ContentParser skip) {
    for (ContentParser p : sniffers) if (p != skip && p.sniff(line)) return p;
    return null;
  }
}
