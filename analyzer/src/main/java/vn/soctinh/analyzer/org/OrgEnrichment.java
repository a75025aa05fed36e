package vn.soctinh.analyzer.org;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.pipeline.EventStage;

/**
 * Pipeline stage: every event gets its agency's name ({@code organization.name}) and, when it
 * concerns a known system, {@code labels.system_id}, {@code labels.system_name} and
 * {@code labels.security_level}. Runs before detection, so rules and alert priority can use them.
 *
 * <p>Who may say which system an event concerns: a sender the collector recognised as an agency
 * (by network, TLS name or token) is believed when its lines name a system (host name, address,
 * domain), its own or another agency's; the event stays its agency's. A sender nobody recognised
 * (unassigned) is attributed to a system's owner only when its own address (the collector's peer)
 * is the system's: what its lines say is a claim, since anyone who reaches a listener could name
 * any system and put events and P1 incidents in any agency's view. Such a claim is kept as
 * {@code soctinh.claimed.labels.system_id}, and the event stays unassigned with no security level.
 * A drill's injected line (marked by {@code DrillMarker}, which runs first and believes only the
 * injector's addresses) is SOC Tỉnh's own and is attributed like a recognised sender's.
 */
public final class OrgEnrichment implements EventStage {
  /** What the collector writes for a sender that matches no configured source. */
  public static final String UNASSIGNED = "unassigned";
  /** The system an unrecognised sender's line names, not believed (see the class comment). */
  public static final String CLAIMED_SYSTEM = vn.soctinh.analyzer.parse.SenderClaims.CLAIMED + "labels.system_id";

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
    // a drill's own line (marked only when it came from an injector address) speaks for SOC Tỉnh
    boolean recognised = orgId != null && !orgId.equals(UNASSIGNED) || e.get("labels.drill_id") != null;
    InfoSystem s = recognised ? d.systemFor(e) : d.systemOfSender(e);
    if (s == null && !recognised) {
      InfoSystem named = d.systemFor(e);
      if (named != null) e.put(CLAIMED_SYSTEM, named.id());
    }
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
