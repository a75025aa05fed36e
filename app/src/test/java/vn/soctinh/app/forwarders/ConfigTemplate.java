package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One forwarder config from {@code deploy/forwarders/}: the same file an agency admin fills in by
 * hand, filled in here with {@code {{NAME}}} placeholders replaced. Rendering never leaves a
 * placeholder behind and never lets a value break out of its quoted config string.
 */
public final class ConfigTemplate {

  /** Overrides where {@code deploy/forwarders} is (otherwise found upwards from the working dir). */
  public static final String DIR_PROPERTY = "soctinh.forwarders.dir";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");

  private ConfigTemplate() {}

  /** The {@code deploy/forwarders} folder of this checkout. */
  public static Path directory() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return findUpwards(Path.of("").toAbsolutePath())
        .orElseThrow(() -> new IllegalStateException("deploy/forwarders not found above "
            + Path.of("").toAbsolutePath() + " (set -D" + DIR_PROPERTY + "=...)"));
  }

  private static Optional<Path> findUpwards(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("deploy").resolve("forwarders");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The placeholder names a template uses, sorted. */
  public static TreeSet<String> placeholders(String fileName) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(read(fileName));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The template with every placeholder replaced.
   *
   * @throws IllegalArgumentException when a placeholder has no value, or a value holds a quote,
   *     a backslash or a line break (it would change the config's meaning)
   */
  public static String render(String fileName, Map<String, String> values) throws IOException {
    String template = read(fileName);
    TreeSet<String> missing = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 256);
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value == null) {
        missing.add(name);
        continue;
      }
      if (value.chars().anyMatch(c -> c == '"' || c == '\\' || c == '\n' || c == '\r')) {
        throw new IllegalArgumentException(
            "placeholder " + name + " has a value with a quote, backslash or line break: " + value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(fileName + ": no value for placeholder(s) " + missing
          + " (given: " + new TreeSet<>(values.keySet()) + ")");
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Renders {@code fileName} into {@code target}. */
  public static Path renderTo(String fileName, Map<String, String> values, Path target)
      throws IOException {
    return Files.writeString(target, render(fileName, values), StandardCharsets.UTF_8);
  }

  private static String read(String fileName) throws IOException {
    return Files.readString(directory().resolve(fileName), StandardCharsets.UTF_8);
  }
}
