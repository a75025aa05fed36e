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
    for (String id : List.of("106001", "106006", "106007", "106010", "106012", "106013", "106014", "106015", "106016", "106017", "106020",
        "106021", "106022", "106023", "106027", "106103", "313001", "313004", "313005", "322001", "710003", "710005")) {
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
    Cat loggedIn = new Cat(AUTH_NETWORK, List.of("allowed", "info"), "success", "logged-in");
    Cat logonFailed = new Cat(AUTH_NETWORK, List.of("denied", "info"), "failure", "logon-failed");
    for (String id : List.of("113008", "113009", "113012")) BY_ID.put(id, loggedIn);
    for (String id : List.of("113015", "113021", "716039")) BY_ID.put(id, logonFailed);
    BY_ID.put("611103", new Cat(AUTH_NETWORK, List.of("info"), "success", "logged-out"));
    BY_ID.put("502103", new Cat(List.of("iam"), List.of("user", "change"), "success", "privilege-level-changed"));
    Cat config = new Cat(List.of("configuration"), List.of("info"), "success", "configuration");
    BY_ID.put("111007", config);
    BY_ID.put("111009", config);
    BY_ID.put("111010", new Cat(List.of("configuration"), List.of("change"), "success", "configuration"));
    Cat vpnError = new Cat(NETWORK, List.of("connection", "denied"), "failure", "client-vpn-error");
    for (String id : List.of("113029", "113030", "113031", "113032", "113033", "113034", "113035", "113036", "113037", "113038", "113040")) {
      BY_ID.put(id, vpnError);
    }
    BY_ID.put("113039", new Cat(List.of("network", "session"), List.of("connection", "start"), "success", "client-vpn-connected"));
    Cat vpnEnded = new Cat(NETWORK, List.of("connection", "end"), null, "client-vpn-disconnected");
    BY_ID.put("716002", vpnEnded);
    BY_ID.put("716058", vpnEnded);
    BY_ID.put("716059", new Cat(NETWORK, List.of("connection", "start"), null, "client-vpn-resumed"));
    BY_ID.put("750002", new Cat(NETWORK, List.of("connection", "start"), "success", "connection-started"));
    Cat filterInfo = new Cat(NETWORK, List.of("connection", "info"), null, "dynamic-filter");
    Cat filterDenied = new Cat(NETWORK, List.of("connection", "denied"), "failure", "dynamic-filter");
    for (String id : List.of("338001", "338002", "338003", "338004", "338101", "338102", "338103", "338104", "338201", "338202")) {
      BY_ID.put(id, filterInfo);
    }
    for (String id : List.of("338005", "338006", "338007", "338008", "338203", "338204")) BY_ID.put(id, filterDenied);
    BY_ID.put("315011", new Cat(NETWORK, List.of("connection", "end"), null, "ssh-session-ended"));
    BY_ID.put("721016", new Cat(NETWORK, List.of("connection", "start"), "success", "client-vpn-connected"));
    BY_ID.put("721018", new Cat(NETWORK, List.of("connection", "end"), "success", "client-vpn-disconnected"));
    BY_ID.put("602303", new Cat(NETWORK, List.of("connection", "start"), "success", "sa-created"));
    BY_ID.put("602304", new Cat(NETWORK, List.of("connection", "end"), "success", "sa-deleted"));
    BY_ID.put("713049", new Cat(NETWORK, List.of("connection", "start"), "success", "firewall-rule"));
    BY_ID.put("713120", new Cat(NETWORK, List.of("connection", "info"), "success", "firewall-rule"));
    BY_ID.put("713202", new Cat(NETWORK, List.of("connection", "info"), null, "firewall-rule"));
    for (String id : List.of("713901", "713902")) BY_ID.put(id, new Cat(NETWORK, List.of("info"), "failure", "client-vpn-error"));
    for (String id : List.of("302022", "302024", "302026")) BY_ID.put(id, created);
    for (String id : List.of("302023", "302025", "302027")) BY_ID.put(id, expired);
    for (String id : List.of("302036", "302304", "302306")) BY_ID.put(id, new Cat(NETWORK, List.of("connection", "end"), null, "flow-expiration"));
    BY_ID.put("302018", expired);
    BY_ID.put("303002", new Cat(List.of("network", "file"), List.of("access"), "success", "ftp"));
    BY_ID.put("304001", new Cat(NETWORK, List.of("access", "allowed"), "success", "url-access"));
    BY_ID.put("304002", new Cat(NETWORK, List.of("access", "denied"), "failure", "url-access"));
    BY_ID.put("434002", new Cat(NETWORK, List.of("connection", "denied"), "failure", "firewall-rule"));
    BY_ID.put("434004", new Cat(NETWORK, List.of("info"), null, "bypass"));
    BY_ID.put("507003", new Cat(NETWORK, List.of("connection", "end"), null, "flow-termination"));
    BY_ID.put("710006", new Cat(NETWORK, List.of("connection", "denied"), "failure", "firewall-rule"));
    BY_ID.put("805001", new Cat(NETWORK, List.of("connection", "start"), "success", "flow-offload-started"));
    BY_ID.put("805002", new Cat(NETWORK, List.of("connection", "end"), "success", "flow-offload-ended"));
    BY_ID.put("607001", new Cat(NETWORK, List.of("info"), null, "firewall-rule"));
    Cat assigned = new Cat(NETWORK, List.of("connection", "info"), "success", "address-assigned");
    BY_ID.put("722051", assigned);
    BY_ID.put("734001", new Cat(AUTH_NETWORK, List.of("allowed", "info"), "success", "logged-in"));
    // not in Elastic's table: ours (751025 is 722051's IKEv2 twin, and gets its values)
    BY_ID.put("751025", assigned);
    BY_ID.put("750003", new Cat(NETWORK, List.of("connection", "start"), "failure", "vpn-negotiation-failed"));
    BY_ID.put("733100", new Cat(NETWORK, List.of("info"), null, "threat_detection_rate_exceeded"));
  }

  private static final Cat ACL_PERMITTED = new Cat(NETWORK, List.of("connection", "allowed"), "success", "firewall-rule");
  private static final Cat ACL_DENIED = new Cat(NETWORK, List.of("connection", "denied"), "failure", "firewall-rule");

  private static final Cat CONFIG_OK = new Cat(List.of("configuration"), List.of("change"), "success", "configuration");
  private static final Cat CONFIG_FAILED = new Cat(List.of("configuration"), List.of("info"), "failure", "configuration");

  /** The 4000xx IPS signatures: not in Elastic's table, ours. */
  private static final Cat IPS = new Cat(List.of("network", "intrusion_detection"), List.of("info"), null, "ips_signature");

  private AsaCategories() {}

  /** Sets the category, type, outcome and action of a message id AsaMessages read. */
  static void apply(String id, Event e) {
    Cat c = BY_ID.get(id);
    if (c == null && id.startsWith("400")) c = IPS;
    // an access-list hit: permitted or denied, as AsaMessages read it
    if (id.equals("106100") || id.equals("106102")) c = "success".equals(e.get("event.outcome")) ? ACL_PERMITTED : ACL_DENIED;
    // the end of a configuration session: OK or FAILED, as AsaAccessMessages read it
    if (id.equals("111004")) c = "success".equals(e.get("event.outcome")) ? CONFIG_OK : CONFIG_FAILED;
    if (c == null) return;
    e.put("event.category", c.category());
    e.put("event.type", c.type());
    if (c.outcome() != null) e.put("event.outcome", c.outcome());
    else e.remove("event.outcome");
    e.put("event.action", c.action());
  }
}
