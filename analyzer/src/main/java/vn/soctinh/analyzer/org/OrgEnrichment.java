package vn.soctinh.analyzer.org;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.pipeline.EventStage;

/**
 * Pipeline stage: every event gets its agency's name ({@code organization.name}) and, when it
 * concerns a known system, {@code labels.system_id}, {@code labels.system_name} and
 * {@code labels.security_level}. An event from an unassigned source that concerns a known system is
 * attributed to the system's owner. Runs before detection, so rules and alert priority can use them.
 */
public final class OrgEnrichment implements EventStage {
  /** What the collector writes for a sender that matches no configured source. */
  public static final String UNASSIGNED = "unassigned";

  private volatile OrgDirectory directory;

  public OrgEnrichment(OrgDirectory directory) {
    this.directory = directory;
  }

  /** Hot reload: the next batch uses {@code d}. */
  public void offer(OrgDirectory d) {
    this.directory = d;
  }

  public OrgDirectory directory() {
    return directory;
  }

  @Override
  public void process(List<Event> batch) {
    OrgDirectory d = directory;
    if (d.organizations().isEmpty() && d.systems().isEmpty()) return;
    for (Event e : batch) enrich(d, e);
  }

  /** One event, with the directory in force now. */
  public void enrich(Event e) {
    enrich(directory, e);
  }

  public static void enrich(OrgDirectory d, Event e) {
    String orgId = e.getString("organization.id");
    InfoSystem s = d.systemFor(e);
    if (s != null) {
      e.put("labels.system_id", s.id());
      e.put("labels.system_name", s.name());
      e.put("labels.security_level", Integer.toString(s.level()));
      if (orgId == null || orgId.equals(UNASSIGNED)) {
        orgId = s.org();
        e.put("organization.id", orgId);
      }
    }
    Organization o = d.organization(orgId);
    if (o != null) e.put("organization.name", o.name());
  }
}
