package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.Values;

/** How the Linux parsers classify what they recognised: dataset, category, type, action, outcome. */
final class Ecs {

  private Ecs() {}

  static void classify(Event e, String dataset, List<String> category, List<String> type, String action, String outcome) {
    e.put("event.dataset", dataset);
    EventClass.set(e, category, type, action, outcome);
  }

  /** source.ip when the text is an address, else source.domain (a reverse-resolved name as the daemon logged it). */
  static void sourceHost(Event e, String host) {
    if (host == null || host.isEmpty()) return;
    if (!Values.putIp(e, "source.ip", host)) e.put("source.domain", host);
  }
}
