package vn.soctinh.analyzer.drill;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.pipeline.EventStage;
import vn.soctinh.collector.source.Cidr;

/**
 * Marks injected drill events: the injector's structured data ({@link DrillLines#SD_ID}) becomes
 * {@code labels.drill_id}, {@code labels.drill_scenario} and {@code labels.drill_step}, which
 * detection copies to alerts and incidents (so nobody is paged) and the scorer reads.
 *
 * <p>Only from the injector's addresses ({@code drills.injectors}, loopback by default): anyone
 * else could put the same structured data on a real attack to have it treated as a drill and
 * page no one. Such events are left unmarked, tagged {@code _drill_mark_refused}, and counted.
 */
public final class DrillMarker implements EventStage {
  public static final String REFUSED = "_drill_mark_refused";
  private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9a-fA-F:.%]+");
  private final List<Cidr> injectors;
  private final Runnable onRefused;

  public DrillMarker(List<Cidr> injectors, Runnable onRefused) {
    this.injectors = List.copyOf(injectors);
    this.onRefused = onRefused;
  }

  @Override
  public void process(List<Event> batch) {
    for (Event e : batch) mark(e);
  }

  void mark(Event e) {
    if (!(e.get("log.syslog.structured_data") instanceof Map<?, ?> sd) || !(sd.get(DrillLines.SD_ID) instanceof Map<?, ?> p)) return;
    String id = text(p.get("drill_id"));
    if (id == null) return;
    if (!fromInjector(e.getString("log.source.address"))) {
      e.addTag(REFUSED);
      onRefused.run();
      return;
    }
    e.put("labels.drill_id", id);
    String scenario = text(p.get("scenario"));
    String step = text(p.get("step"));
    if (scenario != null) e.put("labels.drill_scenario", scenario);
    if (step != null) e.put("labels.drill_step", step);
  }

  /** {@code log.source.address} is "ip:port" (IPv6 without brackets): the address is before the last colon. */
  private boolean fromInjector(String sourceAddress) {
    if (sourceAddress == null) return false;
    int colon = sourceAddress.lastIndexOf(':');
    String ip = colon < 0 ? sourceAddress : sourceAddress.substring(0, colon);
    byte[] addr;
    try {
      if (!IP_LITERAL.matcher(ip).matches()) return false; // never a name lookup
      addr = InetAddress.getByName(ip).getAddress();
    } catch (java.io.IOException e) {
      return false;
    }
    for (Cidr c : injectors) if (c.contains(addr)) return true;
    return false;
  }

  private static String text(Object v) {
    if (v instanceof List<?> l) v = l.isEmpty() ? null : l.get(0);
    return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v);
  }
}
