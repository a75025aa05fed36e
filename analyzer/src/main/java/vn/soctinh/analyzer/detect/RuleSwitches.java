package vn.soctinh.analyzer.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import vn.soctinh.analyzer.detect.sigma.SigmaException;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.event.Event;

/**
 * The rules as the console shows and switches them (detection's own state, so it lives here; the
 * console reads it through {@code ConsoleBackend.Rules.of}): the watcher's current set and load errors, and
 * the ids switched off, kept one per line in {@code data_dir/detection/disabled-rules.txt} so a
 * restart keeps them off.
 */
public final class RuleSwitches {
  private final RuleWatcher watcher;
  private final Detector stage;
  private final Path file;

  public RuleSwitches(RuleWatcher watcher, Detector stage, Path file) throws IOException {
    this.watcher = watcher;
    this.stage = stage;
    this.file = file;
    if (Files.exists(file)) {
      Set<String> off = new TreeSet<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank() && !line.startsWith("#")) off.add(line.trim());
      stage.disableRules(off);
    }
  }

  /** The load report of the rules running now (loaded, failed, replaced by local rules). */
  public vn.soctinh.analyzer.detect.sigma.SigmaRules.LoadReport report() {
    return watcher.current().report();
  }

  public List<SigmaRule> list() {
    return watcher.current().rules();
  }

  public List<String> errors() {
    List<String> out = new java.util.ArrayList<>(watcher.lastErrors());
    for (SigmaException e : watcher.current().report().failed()) {
      String s = e.toString();
      if (!out.contains(s)) out.add(s);
    }
    return out;
  }

  public Set<String> disabled() {
    return stage.disabledRules();
  }

  public synchronized void setEnabled(String ruleId, boolean enabled) throws IOException {
    Set<String> off = new TreeSet<>(stage.disabledRules());
    if (enabled) off.remove(ruleId);
    else off.add(ruleId);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, "# rules switched off in the console, one id per line\n" + String.join("\n", off) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    stage.disableRules(off);
  }

  public boolean test(String ruleId, Event e) {
    for (SigmaRule r : watcher.current().matching(e)) if (r.id().equals(ruleId)) return true;
    return false;
  }
}
