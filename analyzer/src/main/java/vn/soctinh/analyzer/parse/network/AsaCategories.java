package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.EventClass.AUTH_NETWORK;
import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;

/**
 * The ECS categorisation Elastic's Cisco ASA integration gives each message id ({@code event.action}
 * {@code firewall-rule}, {@code flow-creation}, {@code logged-in} …): the one source of an ASA
 * event's category, type, outcome and action, so that searches and rules written for Elastic's
 * values find our events. {@link AsaMessages} reads the fields. The ids Elastic does not categorise
 * (IPS signatures, threat detection) have our own action (docs/design/parsing.md).
 */
final class AsaCategories {
  private static final List<String> NAT = List.of("network", "configuration");

  /** Category, type, outcome (null: none) and action of one message id. */
  private record Cat(List<String> category, List<String> type, String outcome, String action) {}

  private static final Map<String, Cat> BY_ID = new HashMap<>();

  static {
    Cat denied = new Cat(NETWORK, List.of("connection", "denied"), "failure", "firewall-rule");
    for (String id : List.of("106001", "106006", "106007", "106014", "106015", "106021", "106023", "313001", "313004", "313005", "710003")) {
      BY_ID.put(id, denied);
    }
    BY_ID.put("110002", new Cat(NETWORK, List.of("connection", "info"), "failure", "firewall-rule"));
    BY_ID.put("419002", new Cat(NETWORK, List.of("connection", "info"), null, "firewall-rule"));
    BY_ID.put("113004", new Cat(AUTH_NETWORK, List.of("allowed", "info"), "success", "logged-in"));
    BY_ID.put("113005", new Cat(AUTH_NETWORK, List.of("denied", "info"), "failure", "logon-failed"));
    BY_ID.put("605005", new Cat(AUTH_NETWORK, List.of("allowed", "info"), "success", "logged-in"));
    BY_ID.put("605004", new Cat(AUTH_NETWORK, List.of("denied", "info"), "failure", "logon-failed"));
    BY_ID.put("611101", new Cat(AUTH_NETWORK, List.of("allowed", "info"), "success", "logged-in"));
    BY_ID.put("611102", new Cat(AUTH_NETWORK, List.of("denied", "info"), "failure", "logon-failed"));
    BY_ID.put("113019", new Cat(NETWORK, List.of("connection", "end"), null, "client-vpn-disconnected"));
    Cat created = new Cat(NETWORK, List.of("connection", "start"), "success", "flow-creation");
    Cat expired = new Cat(NETWORK, List.of("connection", "end"), "success", "flow-expiration");
    for (String id : List.of("302013", "302015", "302020", "609001")) BY_ID.put(id, created);
    for (String id : List.of("302016", "302021", "609002")) BY_ID.put(id, expired);
    BY_ID.put("302014", new Cat(NETWORK, List.of("connection", "end"), null, "flow-expiration"));
    BY_ID.put("305011", new Cat(NAT, List.of("creation"), "success", "nat-slot"));
    BY_ID.put("305012", new Cat(NAT, List.of("deletion"), "success", "nat-slot"));
    BY_ID.put("607001", new Cat(NETWORK, List.of("info"), null, "firewall-rule"));
    Cat assigned = new Cat(NETWORK, List.of("connection", "info"), "success", "address-assigned");
    BY_ID.put("722051", assigned);
    BY_ID.put("734001", new Cat(AUTH_NETWORK, List.of("allowed", "info"), "success", "logged-in"));
    // not in Elastic's table: ours (751025 is 722051's IKEv2 twin, and gets its values)
    BY_ID.put("751025", assigned);
    BY_ID.put("733100", new Cat(NETWORK, List.of("info"), null, "threat_detection_rate_exceeded"));
  }

  private static final Cat ACL_PERMITTED = new Cat(NETWORK, List.of("connection", "allowed"), "success", "firewall-rule");
  private static final Cat ACL_DENIED = new Cat(NETWORK, List.of("connection", "denied"), "failure", "firewall-rule");

  /** The 4000xx IPS signatures: not in Elastic's table, ours. */
  private static final Cat IPS = new Cat(List.of("network", "intrusion_detection"), List.of("info"), null, "ips_signature");

  private AsaCategories() {}

  /** Sets the category, type, outcome and action of a message id AsaMessages read. */
  static void apply(String id, Event e) {
    Cat c = BY_ID.get(id);
    if (c == null && id.startsWith("400")) c = IPS;
    // an access-list hit: permitted or denied, as AsaMessages read it
    if (id.equals("106100")) c = "success".equals(e.get("event.outcome")) ? ACL_PERMITTED : ACL_DENIED;
    if (c == null) return;
    e.put("event.category", c.category());
    e.put("event.type", c.type());
    if (c.outcome() != null) e.put("event.outcome", c.outcome());
    else e.remove("event.outcome");
    e.put("event.action", c.action());
  }
}
