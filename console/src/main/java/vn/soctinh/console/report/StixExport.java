package vn.soctinh.console.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;

/**
 * An incident as a STIX 2.1 bundle for the national coordinator: the reporting organisation
 * (identity); per attacking address an indicator, the address (ipv4-addr or ipv6-addr), what was
 * observed (observed-data: first and last seen, how many times), a sighting of the indicator by the
 * organisation and the indicator's relationship to what it is based on; and a report naming the
 * incident that refers to all of them. (STIX 2.1's incident object is a stub the OASIS bundle schema
 * does not admit, so the report carries the incident.) Ids are deterministic (UUIDv5), so exporting
 * again gives the same objects; marked TLP:AMBER.
 */
public final class StixExport {
  /** STIX 2.1's namespace for SCO ids (spec 2.9). */
  static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");
  /** Our namespace for the SDOs and SROs we make. */
  static final UUID SOCTINH_NAMESPACE = UUID.fromString("8a6b3a1e-4f0e-5b5c-9d2e-5f0c3b7a9e11");
  static final String TLP_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private StixExport() {}

  public static JsonObject bundle(Incident i, List<Event> alerts, OrgDirectory orgs, Instant now) {
    String created = ts(i.time("detected") == null ? now : i.time("detected"));
    String modified = ts(now);
    JsonArray objects = new JsonArray();
    Organization org = i.orgs().isEmpty() ? null : orgs.organization(i.orgs().get(0));
    String identityName = org == null ? "SOC Tinh" : org.name();
    String identity = "identity--" + uuid5(SOCTINH_NAMESPACE, "identity:" + identityName);
    objects.add(sdo("identity", identity, created, modified).put("name", identityName).put("identity_class", "organization"));
    String report = "report--" + uuid5(SOCTINH_NAMESPACE, "incident:" + i.id());
    // each attacking address: first and last seen, and how often, over the incident's alerts
    Map<String, Instant[]> seen = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Event a : alerts) {
      String ip = a.getString("labels.group_source_ip");
      if (ip == null) ip = a.getString("source.ip");
      // a value from a log line goes into a STIX pattern: only an address literal, written canonically
      // (a "' OR [...]" would otherwise become part of the pattern every recipient evaluates)
      ip = addressLiteral(ip);
      if (ip == null) continue;
      Instant first = a.getInstant("event.start") != null ? a.getInstant("event.start") : a.getInstant("@timestamp");
      Instant last = a.getInstant("event.end") != null ? a.getInstant("event.end") : a.getInstant("@timestamp");
      if (first == null || last == null) continue;
      Instant[] s = seen.computeIfAbsent(ip, k -> new Instant[] {first, last});
      if (first.isBefore(s[0])) s[0] = first;
      if (last.isAfter(s[1])) s[1] = last;
      Long n = a.getLong("event.sequence");
      counts.merge(ip, n == null ? 1 : n, Long::sum);
    }
    for (Map.Entry<String, Instant[]> e : seen.entrySet()) {
      String ip = e.getKey();
      boolean v6 = ip.contains(":");
      String scoType = v6 ? "ipv6-addr" : "ipv4-addr";
      String sco = scoType + "--" + uuid5(SCO_NAMESPACE, new JsonObject().put("value", ip).encode());
      objects.add(new JsonObject().put("type", scoType).put("spec_version", "2.1").put("id", sco).put("value", ip));
      String indicator = "indicator--" + uuid5(SOCTINH_NAMESPACE, "indicator:" + i.id() + ":" + ip);
      objects.add(sdo("indicator", indicator, created, modified).put("name", "Attacker " + ip + " (" + i.id() + ")")
          .put("indicator_types", new JsonArray().add("malicious-activity")).put("pattern", "[" + scoType + ":value = '" + ip + "']")
          .put("pattern_type", "stix").put("valid_from", ts(e.getValue()[0])).put("created_by_ref", identity));
      String observed = "observed-data--" + uuid5(SOCTINH_NAMESPACE, "observed:" + i.id() + ":" + ip);
      long count = Math.max(1, Math.min(999_999_999L, counts.getOrDefault(ip, 1L)));
      objects.add(sdo("observed-data", observed, created, modified).put("first_observed", ts(e.getValue()[0])).put("last_observed", ts(e.getValue()[1]))
          .put("number_observed", count).put("object_refs", new JsonArray().add(sco)).put("created_by_ref", identity));
      objects.add(sdo("sighting", "sighting--" + uuid5(SOCTINH_NAMESPACE, "sighting:" + i.id() + ":" + ip), created, modified)
          .put("sighting_of_ref", indicator).put("observed_data_refs", new JsonArray().add(observed)).put("where_sighted_refs", new JsonArray().add(identity))
          .put("first_seen", ts(e.getValue()[0])).put("last_seen", ts(e.getValue()[1])).put("count", count).put("created_by_ref", identity));
      objects.add(relationship(indicator, "based-on", observed, created, modified, identity));
    }
    JsonArray refs = new JsonArray();
    for (Object o : objects) refs.add(((JsonObject) o).getString("id"));
    objects.add(sdo("report", report, created, modified).put("name", i.id() + " " + i.title()).put("report_types", new JsonArray().add("incident"))
        .put("published", modified).put("description", i.title() + " (" + i.alertIds().size() + " alerts, state " + i.state() + ")")
        .put("object_refs", refs).put("created_by_ref", identity)
        .put("external_references", new JsonArray().add(new JsonObject().put("source_name", "soctinh").put("external_id", i.id()))));
    return new JsonObject().put("type", "bundle").put("id", "bundle--" + uuid5(SOCTINH_NAMESPACE, "bundle:" + i.id() + ":" + modified)).put("objects", objects);
  }

  private static JsonObject sdo(String type, String id, String created, String modified) {
    return new JsonObject().put("type", type).put("spec_version", "2.1").put("id", id).put("created", created).put("modified", modified)
        .put("object_marking_refs", new JsonArray().add(TLP_AMBER));
  }

  private static JsonObject relationship(String source, String type, String target, String created, String modified, String identity) {
    return sdo("relationship", "relationship--" + uuid5(SOCTINH_NAMESPACE, "rel:" + source + ":" + type + ":" + target), created, modified)
        .put("relationship_type", type).put("source_ref", source).put("target_ref", target).put("created_by_ref", identity);
  }

  static String ts(Instant t) {
    return TS.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** RFC 4122 name-based UUID, version 5 (SHA-1). */
  static UUID uuid5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits()).array());
      byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The canonical text of an IPv4 or IPv6 literal (no zone), or null for anything else. */
  static String addressLiteral(String v) {
    if (v == null || v.indexOf('%') >= 0 || !vn.soctinh.analyzer.parse.Values.isIp(v)) return null;
    try {
      return java.net.InetAddress.getByName(v).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
