package vn.soctinh.analyzer.detect.sigma;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.ByName;

/**
 * A loaded Sigma detection rule: its metadata, its logsource, and its compiled condition.
 *
 * @param name the rule's {@code name}, by which correlation rules may refer to it (or null)
 * @param file where it was read from
 * @param line the line its document starts on
 */
@ByName
public record SigmaRule(String id, String name, String title, String status, String level, String description, List<String> tags,
    Logsource logsource, String file, int line, Condition condition, Examples examples) implements SigmaRuleBuilder.With {

  /**
   * Examples a rule author keeps beside the rule ({@code tests: {match: [...], no_match: [...]}}):
   * each a raw log line (parsed as the pipeline would) or a map of ECS fields.
   */
  public record Examples(List<Object> match, List<Object> noMatch, int line) {
    public static final Examples NONE = new Examples(List.of(), List.of(), 0);

    public boolean isEmpty() {
      return match.isEmpty() && noMatch.isEmpty();
    }
  }

  /** The rule's logsource; each part may be null. */
  public record Logsource(String product, String category, String service) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      if (product != null) b.append("product=").append(product);
      if (category != null) b.append(b.length() > 0 ? " " : "").append("category=").append(category);
      if (service != null) b.append(b.length() > 0 ? " " : "").append("service=").append(service);
      return b.length() == 0 ? "(any)" : b.toString();
    }
  }

  /** True when the event matches the detection (the logsource is checked by the caller's routing). */
  public boolean matches(Event e) {
    return condition.eval(new EventView(null).reset(e));
  }

  boolean matches(EventView e) {
    return condition.eval(e);
  }

  /** ATT&CK technique ids from tags like {@code attack.t1110.001}: {@code T1110.001}. */
  public List<String> techniques() {
    return techniques(tags);
  }

  private static final java.util.regex.Pattern TECHNIQUE = java.util.regex.Pattern.compile("(?i)attack\\.t\\d{4}(\\.\\d{3})?");

  static List<String> techniques(List<String> tags) {
    if (tags.isEmpty()) return List.of();
    return tags.stream().filter(t -> TECHNIQUE.matcher(t).matches()).map(t -> t.substring(7).toUpperCase(java.util.Locale.ROOT)).toList();
  }
}
