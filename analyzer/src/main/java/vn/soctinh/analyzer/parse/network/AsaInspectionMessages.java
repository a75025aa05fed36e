package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.Text.between;
import static vn.soctinh.analyzer.parse.network.AsaMessages.address;
import static vn.soctinh.analyzer.parse.network.AsaMessages.endpoint;
import static vn.soctinh.analyzer.parse.network.AsaMessages.hasSource;
import static vn.soctinh.analyzer.parse.network.AsaMessages.strip;
import static vn.soctinh.analyzer.parse.network.AsaMessages.word;
import java.util.Locale;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/**
 * The ASA messages of its inspection engines and cluster flows: FTP transfers, URL filtering,
 * FirePOWER (SFR) verdicts, connections an inspection engine ended, flow offload and cluster stub
 * flows. Fields only, as {@link AsaMessages}; {@link AsaCategories} types each id. Returns false for
 * any other id or a text that does not fit.
 */
final class AsaInspectionMessages {
  private AsaInspectionMessages() {}

  static boolean parse(String id, String t, Event e) {
    switch (id) {
      case "302022": case "302024": case "302026": // Built director stub TCP connection for inside:A/p (mA/p) to outside:B/p (mB/p)
      case "302023": case "302025": case "302027": // Teardown stub TCP connection for inside:A/p to outside:B/p duration 0:00:00 forwarded bytes 0 reason
        return stub(t, e);
      case "303002": { // FTP connection from inside:10.0.0.5/50000 to outside:203.0.113.5/21, user bob Stored file report.pdf
        if (!t.contains(" connection from ")) return false;
        e.put("network.protocol", word(t, "").toLowerCase(Locale.ROOT));
        fromTo(t, " connection from ", e);
        String user = between(t, ", user ", " ");
        if (user != null) {
          e.put("client.user.name", user);
          e.put("user.name", user);
        }
        int file = t.indexOf(" file ");
        if (file > 0) e.put("file.path", t.substring(file + 6).strip());
        return hasSource(e);
      }
      case "304001": { // 10.0.0.5 Accessed URL 203.0.113.5:http://203.0.113.5/index.html ("Accessed JAVA URL", "bob@10.0.0.5 ...")
        int acc = t.indexOf(" Accessed ");
        int url = t.indexOf("URL ", acc + 1);
        if (acc <= 0 || url < 0) return false;
        String src = t.substring(0, acc);
        int srcAt = src.indexOf('@');
        if (srcAt > 0) AsaAccessMessages.sourceUser(e, src.substring(0, srcAt));
        String srcHost = srcAt >= 0 ? src.substring(srcAt + 1) : src;
        int paren = srcHost.indexOf('(');
        address(e, "source", paren > 0 ? srcHost.substring(0, paren) : srcHost);
        String dst = t.substring(url + 4);
        int dstAt = dst.indexOf('@');
        int colon = dst.indexOf(':', dstAt + 1);
        if (colon < 0) return false;
        address(e, "destination", dst.substring(dstAt + 1, colon));
        e.put("url.original", dst.substring(colon + 1));
        return hasSource(e);
      }
      case "304002": { // Access denied URL http://bad.example/x SRC 10.0.0.5 DEST 203.0.113.5 on interface inside
        if (!t.startsWith("Access denied URL ")) return false;
        e.put("url.original", word(t, "Access denied URL "));
        address(e, "source", word(t, " SRC "));
        address(e, "destination", word(t, " DEST "));
        String on = word(t, "on interface ");
        if (!on.isEmpty()) e.put("observer.ingress.interface.name", on);
        return hasSource(e);
      }
      case "434002": // SFR requested to drop TCP packet from inside:A/p to outside:B/p
      case "434004": // SFR requested ASA to bypass further packet redirection and process TCP flow from inside:A/p to outside:B/p locally
        if (!t.startsWith("SFR requested ")) return false;
        int from = t.indexOf(" from ");
        if (from < 0) return false;
        int noun = t.lastIndexOf(' ', from - 1); // "... TCP packet from", "... TCP flow from"
        if (noun > 0) transport(e, t.substring(t.lastIndexOf(' ', noun - 1) + 1, noun));
        fromTo(t, " from ", e);
        return hasSource(e);
      case "507003": // tcp flow from inside:A/p to outside:B/p terminated by inspection engine, reason - disconnected, dropped packet.
        if (!t.contains(" flow from ") || !t.contains(" terminated by inspection engine")) return false;
        transport(e, word(t, ""));
        fromTo(t, " flow from ", e);
        int reason = t.indexOf("reason - ");
        if (reason > 0) e.put("event.reason", t.substring(reason + 9).strip());
        return hasSource(e);
      case "805001": // Offloaded TCP Flow for connection 1 from inside:A/p (mA/p) to outside:B/p (mB/p)
      case "805002": { // TCP Flow is no longer offloaded for connection 1 from inside:A/p (mA/p) to outside:B/p (mB/p)
        int flow = t.indexOf(" Flow ");
        if (flow < 0 || !t.contains(" for connection ")) return false;
        transport(e, t.substring(t.lastIndexOf(' ', flow - 1) + 1, flow));
        e.put("cisco.asa.connection_id", word(t, " for connection "));
        String a = word(t, " from ");
        String b = word(t, " to ");
        endpoint(a, "source", e, true);
        endpoint(b, "destination", e, true);
        return hasSource(e);
      }
      default:
        return false;
    }
  }

  private static boolean stub(String t, Event e) {
    int conn = t.indexOf(" connection for ");
    if (!t.contains(" stub ") || conn < 0) return false;
    transport(e, t.substring(t.lastIndexOf(' ', conn - 1) + 1, conn));
    // a cluster's stub flow names its two ends in order: the first is the source, as Elastic reads it
    endpoint(word(t, " connection for "), "source", e, true);
    endpoint(word(t, " to "), "destination", e, true);
    String dur = word(t, " duration ");
    Long ns = dur.isEmpty() ? null : AsaMessages.duration(dur);
    if (ns != null) e.put("event.duration", ns);
    int fwd = t.indexOf(" forwarded bytes ");
    if (fwd > 0) {
      String n = word(t, " forwarded bytes ");
      Values.putLong(e, "network.bytes", n);
      int after = fwd + 17 + n.length();
      if (after < t.length()) e.put("event.reason", t.substring(after).strip());
    }
    return hasSource(e);
  }

  /** "A to B" after KEY: source and destination with their interfaces. */
  private static void fromTo(String t, String key, Event e) {
    int k = t.indexOf(key);
    String rest = t.substring(k);
    endpoint(strip(word(rest, key)), "source", e, true);
    endpoint(strip(word(rest, " to ")), "destination", e, true);
  }

  private static void transport(Event e, String p) {
    if (!p.isEmpty()) e.put("network.transport", p.toLowerCase(Locale.ROOT));
  }
}
