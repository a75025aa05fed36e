package vn.soctinh.analyzer.detect.sigma;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Sigma correlation rule: {@code event_count}, {@code value_count}, {@code temporal} or
 * {@code temporal_ordered} over the rules it names, per {@code group-by} key, within
 * {@code timespan}; {@code condition} is one of gt/gte/lt/lte/eq with a number (and {@code field}
 * for value_count); {@code aliases} name a group-by field that differs per rule.
 *
 * @param refsLine where {@code rules:} is, for errors about unresolved names
 * @param examples for temporal rules, examples are sequences: each match example is one event of the sequence, in order
 */
public record SigmaCorrelation(String id, String name, String title, String level, List<String> tags, String type, List<String> rules,
    List<String> groupBy, Duration timespan, String op, long threshold, String valueField, boolean generate,
    Map<String, Map<String, String>> aliases, String file, int line, int refsLine, int refsColumn, SigmaRule.Examples examples) {

  /** Sigma timespans: 30s, 5m, 1h, 2d, 1w, 1M (30 days); null when not one. */
  static Duration duration(String s) {
    if (s == null || !s.matches("\\d+[smhdwM]")) return null;
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      case 'w' -> Duration.ofDays(7 * n);
      default -> Duration.ofDays(30 * n);
    };
  }

  /** True when {@code count} meets the condition. */
  boolean met(long count) {
    return switch (op) {
      case "gt" -> count > threshold;
      case "gte" -> count >= threshold;
      case "lt" -> count < threshold;
      case "lte" -> count <= threshold;
      default -> count == threshold;
    };
  }

  public String displayId() {
    return id != null ? id : name != null ? name : title;
  }

  /** SigmaCorrelation by name: 19 positions, four Strings and four ints side by side, are easy to swap. */
  public static final class Builder {
    private String id;
    private String name;
    private String title;
    private String level;
    private List<String> tags;
    private String type;
    private List<String> rules;
    private List<String> groupBy;
    private Duration timespan;
    private String op;
    private long threshold;
    private String valueField;
    private boolean generate;
    private Map<String, Map<String, String>> aliases;
    private String file;
    private int line;
    private int refsLine;
    private int refsColumn;
    private SigmaRule.Examples examples;

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

    public Builder level(String v) {
      level = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder type(String v) {
      type = v;
      return this;
    }

    public Builder rules(List<String> v) {
      rules = v;
      return this;
    }

    public Builder groupBy(List<String> v) {
      groupBy = v;
      return this;
    }

    public Builder timespan(Duration v) {
      timespan = v;
      return this;
    }

    public Builder op(String v) {
      op = v;
      return this;
    }

    public Builder threshold(long v) {
      threshold = v;
      return this;
    }

    public Builder valueField(String v) {
      valueField = v;
      return this;
    }

    public Builder generate(boolean v) {
      generate = v;
      return this;
    }

    public Builder aliases(Map<String, Map<String, String>> v) {
      aliases = v;
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

    public Builder refsLine(int v) {
      refsLine = v;
      return this;
    }

    public Builder refsColumn(int v) {
      refsColumn = v;
      return this;
    }

    public Builder examples(SigmaRule.Examples v) {
      examples = v;
      return this;
    }

    public SigmaCorrelation build() {
      return new SigmaCorrelation(id, name, title, level, tags, type, rules, groupBy, timespan, op, threshold, valueField, generate, aliases, file,
          line, refsLine, refsColumn, examples);
    }
  }
}
