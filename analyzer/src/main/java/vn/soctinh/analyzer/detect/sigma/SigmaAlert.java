package vn.soctinh.analyzer.detect.sigma;

import io.soabase.recordbuilder.core.RecordBuilder.Initializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * What the engine raises: the rule (a detection rule, or a correlation over several), its level and
 * ATT&CK techniques, the events that made it (ids, at most {@link SigmaEngine#MAX_EVENT_IDS}), the
 * group-by values of a correlation, first and last seen, how many events, the agency, and the rule's
 * status and tags as written.
 */
@ByName
public record SigmaAlert(String ruleId, String title, String level, List<String> techniques, boolean correlation, Map<String, String> groupBy,
    Instant firstSeen, Instant lastSeen, long count, List<String> eventIds, String agency, String status,
    @Initializer("NO_TAGS") List<String> tags) implements SigmaAlertBuilder.With {
  public static final List<String> NO_TAGS = List.of(); // an alert not raised by a rule file has none
}
