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
import vn.soctinh.collector.ByName;

/**
 * What the console reads and acts on, handed over by the process that runs the pipeline. The console
 * never writes events; it reads the store and acts through the incident service and the rule switches.
 *
 * @param incidents null when incidents are turned off
 * @param sources the log sources' learned state (silent or not), one object per source
 * @param rules null when detection is off
 * @param metrics the Prometheus text
 * @param health the process health ({@code status: ok} or not)
 * @param drills null when drills are off (no analyzer)
 * @param reportTemplates the province's adapted report templates ({@code reports.templates_dir}); null: the built-in ones
 * @param operations what admins run the server with: its status report and retention (parts null when there are none)
 */
@ByName
public record ConsoleBackend(EventStore store, IncidentService incidents, Supplier<OrgDirectory> orgs, AuditLog audit, Supplier<JsonArray> sources,
    Rules rules, Supplier<String> metrics, Supplier<JsonObject> health, Supplier<JsonObject> intake, Drills drills, java.nio.file.Path reportTemplates,
    Operations operations) implements ConsoleBackendBuilder.With {

  public ConsoleBackend {
    if (operations == null) operations = Operations.NONE;
  }

  /**
   * What admins run the server with.
   *
   * @param status the server's status report ({@code soctinh status --json}); null: not available
   * @param retention the retention plan and a pass on demand; null when the server has none
   */
  public record Operations(Supplier<JsonObject> status, Retention retention) {
    public static final Operations NONE = new Operations(null, null);
  }

  /** Deletion by age: what the next pass would delete, and a pass now. */
  public interface Retention {
    /** The plan now, counted (what goes per agency and kind, what incidents hold), as the CLI's {@code retention plan --json}. */
    JsonObject plan() throws Exception;

    /** A pass now on behalf of {@code who}; each deletion is audited with that name. */
    JsonObject run(String who) throws Exception;

    /** The server's retention job as the console sees it. */
    static Retention of(vn.soctinh.analyzer.retention.RetentionJob job) {
      return new Retention() {
        @Override
        public JsonObject plan() throws Exception {
          return job.plan().toJson();
        }

        @Override
        public JsonObject run(String who) throws Exception {
          vn.soctinh.analyzer.retention.RetentionRun.Result r = job.runNow(who);
          JsonArray rows = new JsonArray();
          for (vn.soctinh.analyzer.retention.RetentionRun.Deleted d : r.deleted()) {
            if (d.deleted() == 0) continue;
            rows.add(new JsonObject().put("agency", d.row().agency()).put("kind", d.row().kind().label()).put("cutoff", d.row().cutoff().toString())
                .put("deleted", d.deleted()));
          }
          return new JsonObject().put("at", r.at().toString()).put("who", r.who()).put("deleted", r.total()).put("rows", rows)
              .put("failure", r.failure());
        }
      };
    }
  }

  /** Incident-response drills: scenarios, plans, the live board and the reports' data. */
  public interface Drills {
    List<vn.soctinh.analyzer.drill.DrillScenario> scenarios();

    /** Scenario files that failed to load, as file:line:col messages. */
    List<String> scenarioErrors();

    List<vn.soctinh.analyzer.drill.DrillPlan> plans();

    /** Drill ids found in the store's events (also those run from the command line, without a plan). */
    List<String> seen() throws Exception;

    vn.soctinh.analyzer.drill.DrillPlan add(vn.soctinh.analyzer.drill.DrillPlan plan) throws Exception;

    /** The plan, scenario and live score of a drill, or null when there is no such drill. */
    vn.soctinh.analyzer.drill.DrillView view(String id) throws Exception;

    /** Starts injecting a planned drill now, into the server's own listener; returns at once. */
    vn.soctinh.analyzer.drill.DrillPlan start(String id, String by) throws Exception;

    vn.soctinh.analyzer.drill.DrillPlan referee(String id, vn.soctinh.analyzer.drill.DrillScore.RefereeEntry entry) throws Exception;

    vn.soctinh.analyzer.drill.DrillPlan notes(String id, java.util.Map<String, String> notes) throws Exception;

    /** The server's drills as the console sees them. */
    static Drills of(vn.soctinh.analyzer.drill.Drills d) {
      return new Drills() {
        @Override
        public List<vn.soctinh.analyzer.drill.DrillScenario> scenarios() {
          return d.scenarios();
        }

        @Override
        public List<String> scenarioErrors() {
          return d.scenarioErrors();
        }

        @Override
        public List<vn.soctinh.analyzer.drill.DrillPlan> plans() {
          return d.plans();
        }

        @Override
        public List<String> seen() throws Exception {
          return d.seen();
        }

        @Override
        public vn.soctinh.analyzer.drill.DrillPlan add(vn.soctinh.analyzer.drill.DrillPlan plan) throws Exception {
          return d.add(plan);
        }

        @Override
        public vn.soctinh.analyzer.drill.DrillView view(String id) throws Exception {
          return d.view(id);
        }

        @Override
        public vn.soctinh.analyzer.drill.DrillPlan start(String id, String by) throws Exception {
          return d.start(id, by);
        }

        @Override
        public vn.soctinh.analyzer.drill.DrillPlan referee(String id, vn.soctinh.analyzer.drill.DrillScore.RefereeEntry entry) throws Exception {
          return d.referee(id, entry);
        }

        @Override
        public vn.soctinh.analyzer.drill.DrillPlan notes(String id, java.util.Map<String, String> notes) throws Exception {
          return d.notes(id, notes);
        }
      };
    }
  }

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

    /** The running detection's switches as the console sees them. */
    static Rules of(vn.soctinh.analyzer.detect.RuleSwitches s) {
      return new Rules() {
        @Override
        public List<SigmaRule> list() {
          return s.list();
        }

        @Override
        public List<String> errors() {
          return s.errors();
        }

        @Override
        public Set<String> disabled() {
          return s.disabled();
        }

        @Override
        public void setEnabled(String ruleId, boolean enabled) throws java.io.IOException {
          s.setEnabled(ruleId, enabled);
        }

        @Override
        public boolean test(String ruleId, vn.soctinh.analyzer.event.Event e) {
          return s.test(ruleId, e);
        }
      };
    }
  }
}
