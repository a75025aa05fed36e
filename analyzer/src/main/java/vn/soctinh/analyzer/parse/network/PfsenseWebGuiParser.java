package vn.soctinh.analyzer.parse.network;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * pfSense's webConfigurator logins, logged by php-fpm: {@code /index.php: Successful login for user
 * 'admin' from: 10.0.0.5 (Local Database)}, {@code webConfigurator authentication error for user 'x'
 * from: 203.0.113.5}, {@code User logged out for user 'admin' from: …}. Category authentication with
 * the outcome, as Elastic's pfSense integration writes them; our actions {@code login} (success or
 * failure, as for FortiGate's admin logins), {@code logout}, {@code session_timeout}. Other php-fpm
 * lines are declined.
 */
public final class PfsenseWebGuiParser implements ContentParser {

  @Override
  public String name() {
    return "pfsense-webgui";
  }

  @Override
  public Set<String> programs() {
    return Set.of("php-fpm");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message();
    int forUser = m.indexOf(" for user '");
    if (forUser < 0) return ParseOutcome.unrecognised("expected a webConfigurator \"... for user 'name' from: address\" line");
    String action;
    String outcome;
    List<String> type;
    if (m.contains("Successful login")) {
      action = "login";
      outcome = "success";
      type = List.of("start");
    } else if (m.contains("authentication error")) {
      action = "login";
      outcome = "failure";
      type = List.of("start");
    } else if (m.contains("logged out")) {
      action = "logout";
      outcome = "success";
      type = List.of("end");
    } else if (m.contains("timed out")) {
      action = "session_timeout";
      outcome = null;
      type = List.of("end");
    } else {
      return ParseOutcome.unrecognised("unknown webConfigurator message");
    }
    int ns = forUser + 11;
    int ne = m.indexOf('\'', ns);
    if (ne < 0) return ParseOutcome.unrecognised("unterminated user name");
    e.put("user.name", m.substring(ns, ne));
    int from = m.indexOf("from: ", ne);
    if (from >= 0) {
      int as = from + 6;
      int ae = m.indexOf(' ', as);
      String addr = ae < 0 ? m.substring(as) : m.substring(as, ae);
      if (Values.putIp(e, "source.ip", addr)) e.put("network.type", addr.indexOf(':') >= 0 ? "ipv6" : "ipv4");
      int open = ae < 0 ? -1 : m.indexOf('(', ae);
      if (open >= 0 && m.endsWith(")")) e.put("pfsense.auth_method", m.substring(open + 1, m.length() - 1));
    }
    EventClass.set(e, "event", List.of("authentication"), type, action, outcome);
    e.put("event.dataset", "pfsense.log");
    e.put("event.provider", "php-fpm");
    e.put("observer.vendor", "netgate");
    e.put("observer.product", "pfSense");
    e.put("observer.type", "firewall");
    return ParseOutcome.RECOGNISED;
  }
}
