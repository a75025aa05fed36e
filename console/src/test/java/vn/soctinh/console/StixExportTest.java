package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An incident's STIX 2.1 bundle passes the OASIS JSON schemas (bundle and each object's own), and is stable across exports. */
class StixExportTest {
  @TempDir Path dir;
  static final String BASE = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      b -> b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:stix/schemas/")));

  static List<String> errors(String schemaPath, JsonNode doc) {
    Schema s = REGISTRY.getSchema(SchemaLocation.of(BASE + schemaPath));
    List<String> out = new ArrayList<>();
    for (com.networknt.schema.Error e : s.validate(doc)) out.add(schemaPath + " " + e.getInstanceLocation() + ": " + e.getMessage());
    return out;
  }

  static String schemaOf(String type) {
    return switch (type) {
      case "ipv4-addr", "ipv6-addr" -> "observables/" + type + ".json";
      case "relationship", "sighting" -> "sros/" + type + ".json";
      default -> "sdos/" + type + ".json";
    };
  }

  @Test
  void theBundleIsValidStix21() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client c = f.loggedIn("analyst");
      Client.Response r = c.get("/api/v1/incidents/" + f.ownIncident.id() + "/stix");
      assertEquals(200, r.status(), r.body());
      JsonNode bundle = JSON.readTree(r.body());
      List<String> problems = new ArrayList<>(errors("common/bundle.json", bundle));
      Set<String> types = new TreeSet<>();
      for (JsonNode o : bundle.get("objects")) {
        types.add(o.get("type").asText());
        problems.addAll(errors(schemaOf(o.get("type").asText()), o));
      }
      assertEquals(List.of(), problems);
      assertEquals(Set.of("identity", "report", "indicator", "ipv4-addr", "observed-data", "sighting", "relationship"), types);
      assertTrue(r.body().contains("[ipv4-addr:value = '203.0.113.9']"), r.body());
      assertTrue(r.body().contains("Sở Khoa học và Công nghệ"));

      // the validator does fail: a broken indicator is reported
      JsonNode broken = JSON.readTree(r.body().replace("\"pattern_type\":\"stix\"", "\"pattern_type\":7"));
      List<String> bad = new ArrayList<>();
      for (JsonNode o : broken.get("objects")) if (o.get("type").asText().equals("indicator")) bad.addAll(errors("sdos/indicator.json", o));
      assertFalse(bad.isEmpty(), "a number where the schema wants a string");

      JsonObject again = c.get("/api/v1/incidents/" + f.ownIncident.id() + "/stix").json();
      JsonObject first = new JsonObject(r.body());
      assertEquals(first.getJsonArray("objects").getJsonObject(2).getString("id"), again.getJsonArray("objects").getJsonObject(2).getString("id"),
          "the same objects on every export");
      assertEquals(404, f.loggedIn("viewer").get("/api/v1/incidents/" + f.otherIncident.id() + "/stix").status());
      assertFalse(r.body().contains(ConsoleFixture.OTHER_MARK));
    }
  }

  /** Issue #17, item 11: an address from a log line cannot write into the pattern every recipient of the bundle evaluates. */
  @Test
  void aValueThatIsNotAnAddressNeverReachesAPattern() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      java.time.Instant t = java.time.Instant.parse("2026-12-07T05:00:00Z");
      String injected = "1.2.3.4'] OR [file:name = 'x";
      List<vn.soctinh.analyzer.event.Event> alerts = List.of(
          new vn.soctinh.analyzer.event.Event().put("labels.group_source_ip", injected).put("@timestamp", t),
          new vn.soctinh.analyzer.event.Event().put("source.ip", "2001:DB8:0:0:0:0:0:7").put("@timestamp", t),
          new vn.soctinh.analyzer.event.Event().put("source.ip", "fe80::1%eth0").put("@timestamp", t));
      vn.soctinh.analyzer.org.OrgDirectory orgs = vn.soctinh.analyzer.org.OrgFile.parseYaml(
          java.nio.file.Files.readString(Path.of("../deploy/org.example.yml")), "org.example.yml").directory();
      JsonObject bundle = vn.soctinh.console.report.StixExport.bundle(f.ownIncident, alerts, orgs, t);
      List<String> patterns = new ArrayList<>();
      for (Object o : bundle.getJsonArray("objects")) {
        JsonObject obj = (JsonObject) o;
        if (obj.getString("type").equals("indicator")) patterns.add(obj.getString("pattern"));
      }
      assertEquals(List.of("[ipv6-addr:value = '2001:db8:0:0:0:0:0:7']"), patterns, "only the address literal, written canonically");
      assertFalse(bundle.encode().contains("file:name"), "the injected text is nowhere in the bundle");
      List<String> problems = new ArrayList<>();
      JsonNode tree = JSON.readTree(bundle.encode());
      for (JsonNode o : tree.get("objects")) problems.addAll(errors(schemaOf(o.get("type").asText()), o));
      assertEquals(List.of(), problems);
    }
  }
}
