package vn.soctinh.analyzer.detect.sigma;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * A Sigma correlation rule: {@code event_count}, {@code value_count}, {@code temporal} or
 * {@code temporal_ordered} over the rules it names, per {@code group-by} key, within
 * {@code timespan}; {@code condition} is one of gt/gte/lt/lte/eq with a number (and {@code field}
 * for value_count); {@code aliases} name a group-by field that differs per rule.
 *
 * @param refsLine where {@code rules:} is, for errors about unresolved names
 * @param examples for temporal rules, examples are sequences: each match example is one event of the sequence, in order
 */
@ByName
public record SigmaCorrelation(String id, String name, String title, String level, List<String> tags, String type, List<String> rules,
    List<String> groupBy, Duration timespan, String op, long threshold, String valueField, boolean generate,
    Map<String, Map<String, String>> aliases, String file, int line, int refsLine, int refsColumn, SigmaRule.Examples examples) implements SigmaCorrelationBuilder.With {

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
}
