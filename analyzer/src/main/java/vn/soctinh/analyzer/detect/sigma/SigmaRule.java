package vn.soctinh.analyzer.detect.sigma;

import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * A loaded Sigma detection rule: its metadata, its logsource, and its compiled condition.
 *
 * @param name the rule's {@code name}, by which correlation rules may refer to it (or null)
 * @param file where it was read from
 * @param line the line its document starts on
 */
public record SigmaRule(String id, String name, String title, String status, String level, String description, List<String> tags,
    Logsource logsource, String file, int line, Condition condition, Examples examples) {

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

  /** SigmaRule by name: 12 positions, six Strings in a row, are easy to swap. */
  public static final class Builder {
    private String id;
    private String name;
    private String title;
    private String status;
    private String level;
    private String description;
    private List<String> tags;
    private Logsource logsource;
    private String file;
    private int line;
    private Condition condition;
    private Examples examples;

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder status(String v) {
      status = v;
      return this;
    }

    public Builder level(String v) {
      level = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder logsource(Logsource v) {
      logsource = v;
      return this;
    }

    public Builder file(String v) {
      file = v;
      return this;
    }

    public Builder line(int v) {
      line = v;
      return this;
    }

    public Builder condition(Condition v) {
      condition = v;
      return this;
    }

    public Builder examples(Examples v) {
      examples = v;
      return this;
    }

    public SigmaRule build() {
      return new SigmaRule(id, name, title, status, level, description, tags, logsource, file, line, condition, examples);
    }
  }
}
