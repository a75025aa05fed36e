package vn.soctinh.analyzer.detect.sigma;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the engine raises: the rule (a detection rule, or a correlation over several), its level and
 * ATT&CK techniques, the events that made it (ids, at most {@link SigmaEngine#MAX_EVENT_IDS}), the
 * group-by values of a correlation, first and last seen, how many events, the agency, and the rule's
 * status and tags as written.
 */
public record SigmaAlert(String ruleId, String title, String level, List<String> techniques, boolean correlation, Map<String, String> groupBy,
    Instant firstSeen, Instant lastSeen, long count, List<String> eventIds, String agency, String status, List<String> tags) {

  /** This value's components in a builder, to change a few of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ruleId = ruleId;
    b.title = title;
    b.level = level;
    b.techniques = techniques;
    b.correlation = correlation;
    b.groupBy = groupBy;
    b.firstSeen = firstSeen;
    b.lastSeen = lastSeen;
    b.count = count;
    b.eventIds = eventIds;
    b.agency = agency;
    b.status = status;
    b.tags = tags;
    return b;
  }

  /** SigmaAlert by name: 13 positions are easy to swap. */
  public static final class Builder {
    private String ruleId;
    private String title;
    private String level;
    private List<String> techniques;
    private boolean correlation;
    private Map<String, String> groupBy;
    private Instant firstSeen;
    private Instant lastSeen;
    private long count;
    private List<String> eventIds;
    private String agency;
    private String status;
    private List<String> tags = List.of(); // an alert not raised by a rule file has none

    public Builder ruleId(String v) {
      ruleId = v;
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

    public Builder techniques(List<String> v) {
      techniques = v;
      return this;
    }

    public Builder correlation(boolean v) {
      correlation = v;
      return this;
    }

    public Builder groupBy(Map<String, String> v) {
      groupBy = v;
      return this;
    }

    public Builder firstSeen(Instant v) {
      firstSeen = v;
      return this;
    }

    public Builder lastSeen(Instant v) {
      lastSeen = v;
      return this;
    }

    public Builder count(long v) {
      count = v;
      return this;
    }

    public Builder eventIds(List<String> v) {
      eventIds = v;
      return this;
    }

    public Builder agency(String v) {
      agency = v;
      return this;
    }

    public Builder status(String v) {
      status = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public SigmaAlert build() {
      return new SigmaAlert(ruleId, title, level, techniques, correlation, groupBy, firstSeen, lastSeen, count, eventIds, agency, status, tags);
    }
  }
}
