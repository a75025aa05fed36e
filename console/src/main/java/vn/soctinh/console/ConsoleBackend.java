package vn.soctinh.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.store.EventStore;

/**
 * What the console reads and acts on, handed over by the process that runs the pipeline. The console
 * never writes events; it reads the store and acts through the incident service and the rule switches.
 *
 * @param incidents null when incidents are turned off
 * @param sources the log sources' learned state (silent or not), one object per source
 * @param rules null when detection is off
 * @param metrics the Prometheus text
 * @param health the process health ({@code status: ok} or not)
 */
public record ConsoleBackend(EventStore store, IncidentService incidents, Supplier<OrgDirectory> orgs, AuditLog audit, Supplier<JsonArray> sources,
    Rules rules, Supplier<String> metrics, Supplier<JsonObject> health, Supplier<JsonObject> intake) {

  /** The detection rules as the console shows and switches them. */
  public interface Rules {
    List<SigmaRule> list();

    /** Rule files that failed to load, as file:line:col messages. */
    List<String> errors();

    Set<String> disabled();

    /** Switches a rule on or off; remembered across restarts. */
    void setEnabled(String ruleId, boolean enabled) throws java.io.IOException;

    /** True when the rule's log source and detection both match the event, as the engine would decide. */
    boolean test(String ruleId, vn.soctinh.analyzer.event.Event e);
  }
}
