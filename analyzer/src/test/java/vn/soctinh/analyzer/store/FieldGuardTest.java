package vn.soctinh.analyzer.store;

import vn.soctinh.collector.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.FieldGuard.Limits;
import vn.soctinh.analyzer.store.FieldGuard.Reason;

/** One test per rule and per limit: the moved value is where the class comment says, the kept ones unchanged. */
class FieldGuardTest {
  /** The shipped table plus a double and a boolean field, which it does not declare yet. */
  static final FieldType.Mapping MAPPING = FieldType.Mapping.parse(
      new String(readEcsTable(), StandardCharsets.UTF_8) + "\nnetwork.ratio\tdouble\ntls.established\tboolean\n", "test");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Reason, Long> counted = new EnumMap<>(Reason.class);
  private final FieldGuard guard = new FieldGuard(MAPPING, Limits.DEFAULTS, (r, n) -> counted.merge(r, n, Long::sum));

  static byte[] readEcsTable() {
    try (var in = FieldType.class.getResourceAsStream("ecs-fields.tsv")) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Event base() {
    return new Event()
        .put("@timestamp", Instant.parse("2026-11-23T10:00:00Z"))
        .put("event.original", "the line")
        .put("event.id", "7");
  }

  private static Object mistyped(Event e, String field) {
    return e.get(FieldGuard.MISTYPED) instanceof Map<?, ?> m ? m.get(field) : null;
  }

  private static Object longTerm(Event e, String field) {
    return e.get(FieldGuard.LONG_TERMS) instanceof Map<?, ?> m ? m.get(field) : null;
  }

  private static JsonNode overflow(Event e) throws Exception {
    return JSON.readTree(e.getString(FieldGuard.OVERFLOW));
  }

  // ---- types

  @Test
  void thePoisonLineKeepsItsNumberAndMovesItsText() {
    Event e = base().put("source.port", new ArrayList<>(List.of(1L, "x"))).put("message", "poison");
    assertTrue(guard.check(e));
    assertEquals(List.of(1L), e.get("source.port"));
    assertEquals("x", mistyped(e, "source.port"));
    assertEquals("poison", e.get("message"));
    assertTrue(e.hasTag(FieldGuard.TAG_MISTYPED));
    assertEquals(Map.of(Reason.MISTYPED, 1L), counted);
  }

  @Test
  void longFieldsTakeNumericTextAndWholeDoublesAndMoveTheRest() {
    Event e = base().put("destination.port", "8080").put("source.port", 443.0).put("source.bytes", 1.5)
        .put("destination.bytes", "9999999999999999999").put("process.pid", true).put("file.size", "-12");
    guard.check(e);
    assertEquals(8080L, e.get("destination.port"));
    assertEquals(443L, e.get("source.port"));
    assertEquals(-12L, e.get("file.size"));
    assertFalse(e.has("source.bytes"));
    assertEquals("1.5", mistyped(e, "source.bytes"));
    assertEquals("9999999999999999999", mistyped(e, "destination.bytes"), "beyond a long: not wrapped round");
    assertEquals("true", mistyped(e, "process.pid"));
    assertEquals(3L, counted.get(Reason.MISTYPED));
  }

  @Test
  void doubleFieldsTakeFiniteNumbersOnly() {
    Event e = base().put("network.ratio", List.of(0.5, 2L, "2.5e3", Double.NaN, Double.POSITIVE_INFINITY, "1,5"));
    guard.check(e);
    assertEquals(List.of(0.5, 2L, 2500.0), e.get("network.ratio"));
    assertEquals(List.of("NaN", "Infinity", "1,5"), mistyped(e, "network.ratio"));
  }

  @Test
  void dateFieldsTakeInstantsAndIsoTextInRange() {
    Event e = base().put("event.start", "2026-11-23T17:00:00+07:00").put("event.end", "yesterday")
        .put("event.created", 1_700_000_000_000L).put("event.ingested", Instant.parse("+10000-01-01T00:00:00Z"));
    guard.check(e);
    assertEquals(Instant.parse("2026-11-23T10:00:00Z"), e.get("event.start"));
    assertEquals("yesterday", mistyped(e, "event.end"));
    assertEquals("1700000000000", mistyped(e, "event.created"), "epoch numbers are ambiguous: moved");
    assertEquals("+10000-01-01T00:00:00Z", mistyped(e, "event.ingested"), "past year 9999 the stores cannot hold it");
    assertEquals(Instant.parse("2026-11-23T10:00:00Z"), e.get("@timestamp"));
  }

  @Test
  void aListMixingTypesUnderAnIpFieldKeepsTheAddresses() {
    Event e = base().put("source.ip", List.of("10.0.0.1", "not-an-ip", 5L, "2001:db8::5", true, List.of("10.0.0.2")));
    assertTrue(guard.check(e));
    assertEquals(List.of("10.0.0.1", "2001:db8::5"), e.get("source.ip"));
    assertEquals(List.of("not-an-ip", "5", "true", "[\"10.0.0.2\"]"), mistyped(e, "source.ip"));
    assertEquals(4L, counted.get(Reason.MISTYPED));
  }

  @Test
  void aMapUnderAnIpFieldMovesAsJson() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("addr", "10.0.0.1");
    m.put("n", 2L);
    Event e = base().put("source.ip", m);
    assertTrue(guard.check(e));
    assertFalse(e.has("source.ip"));
    assertEquals(JSON.readTree("{\"addr\":\"10.0.0.1\",\"n\":2}"), JSON.readTree((String) mistyped(e, "source.ip")));
  }

  @Test
  void booleanFieldsTakeBooleansAndTheirTwoWords() {
    Event e = base().put("tls.established", List.of(true, "false", "yes", 1L));
    guard.check(e);
    assertEquals(List.of(true, "false"), e.get("tls.established"));
    assertEquals(List.of("yes", "1"), mistyped(e, "tls.established"));
  }

  @Test
  void keywordAndUndeclaredFieldsTakeAnyScalarAsItIs() {
    Event e = base().put("user.name", 42L).put("custom.flag", false).put("custom.list", List.of("a", 1L, 2.5))
        .put("custom.when", Instant.parse("2026-01-01T00:00:00Z")).put("message", 3.5);
    Map<String, Object> before = e.toMap();
    assertFalse(guard.check(e));
    assertEquals(before, e.toMap());
    assertTrue(counted.isEmpty());
  }

  @Test
  void aMapUnderAnUndeclaredNameMovesSinceItWouldExpandToUnknownNames() throws Exception {
    Event e = base().put("custom.obj", Map.of("a", 1L));
    guard.check(e);
    assertFalse(e.has("custom.obj"));
    assertEquals(JSON.readTree("{\"a\":1}"), JSON.readTree((String) mistyped(e, "custom.obj")));
  }

  @Test
  void aScalarUnderAFreeFormNameMovesSinceTheStoresHoldAnObjectThere() {
    Event e = base().put("winlog.event_data", "text").put("cef.extensions", List.of("a", "b"));
    guard.check(e);
    assertFalse(e.has("winlog.event_data"));
    assertEquals("text", mistyped(e, "winlog.event_data"));
    assertEquals(List.of("a", "b"), mistyped(e, "cef.extensions"));
  }

  @Test
  void badNamesGoToTheOverflowWithTheirValues() throws Exception {
    Event e = base().put("source", "x").put("_id", "forged").put("a..b", 1L).put("log.syslog", List.of(1L)).put("user.name", "kept");
    assertTrue(guard.check(e));
    JsonNode o = overflow(e);
    assertEquals("x", o.get("source").asText(), "source is an object of the table");
    assertEquals("forged", o.get("_id").asText());
    assertEquals(1, o.get("a..b").asLong());
    assertEquals(1, o.get("log.syslog").get(0).asLong());
    assertEquals("kept", e.get("user.name"));
    assertTrue(e.hasTag(FieldGuard.TAG_TRUNCATED_FIELDS));
    assertEquals(4L, counted.get(Reason.BAD_NAME));
  }

  // ---- limits

  @Test
  void fiveThousandFieldsKeepTheFirstAndMoveTheLastInsertedToTheOverflow() throws Exception {
    Event e = new Event().put("@timestamp", Instant.parse("2026-11-23T10:00:00Z")).put("event.original", "x");
    for (int i = 0; i < 5000; i++) e.put("f" + i, "v" + i);
    e.put("event.id", "42").put("log.offset", 42L); // as the pipeline does: after the parser's fields
    assertTrue(guard.check(e));
    assertEquals(1000, e.size());
    assertEquals("42", e.get("event.id"), "pinned: never moved for the field limit");
    assertEquals(42L, e.get("log.offset"));
    assertEquals("v0", e.get("f0"));
    assertEquals("v994", e.get("f994"));
    assertFalse(e.has("f995"));
    JsonNode o = overflow(e);
    assertEquals(5000 - 995, o.size());
    assertEquals("v995", o.get("f995").asText());
    assertEquals("v4999", o.get("f4999").asText());
    assertEquals(4005L, counted.get(Reason.TOO_MANY_FIELDS));
  }

  @Test
  void fiveThousandKeysInAFreeFormObjectCountAsFields() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) data.put("k" + i, "v" + i);
    Event e = base().put("winlog.event_data", data).put("winlog.channel", "Security");
    assertTrue(guard.check(e));
    Map<?, ?> kept = (Map<?, ?>) e.get("winlog.event_data");
    // 3 pinned + the overflow field + these keys = 1000; winlog.channel came later and went first
    assertEquals(1000 - 3 - 1, kept.size());
    assertEquals("v0", kept.get("k0"));
    JsonNode o = overflow(e);
    assertEquals("v4999", o.get("winlog.event_data.k4999").asText());
    assertEquals("Security", o.get("winlog.channel").asText());
    assertEquals(5000 - kept.size() + 1, o.size());
  }

  @Test
  void longListsKeepTheirHeadAndMoveTheTail() throws Exception {
    List<Object> ips = new ArrayList<>();
    for (int i = 0; i < 2000; i++) ips.add("10.0." + (i / 256) + "." + (i % 256));
    Event e = base().put("source.ip", ips);
    guard.check(e);
    assertEquals(ips.subList(0, 1024), e.get("source.ip"));
    JsonNode tail = overflow(e).get("source.ip");
    assertEquals(976, tail.size());
    assertEquals(ips.get(1024), tail.get(0).asText());
    assertEquals(976L, counted.get(Reason.ARRAY_TRUNCATED));
  }

  @Test
  void tenLevelsUnderEventDataAreFlattenedDownToTheDepthLimit() throws Exception {
    Map<String, Object> deepest = new LinkedHashMap<>();
    deepest.put("l10", "bottom");
    Map<String, Object> cur = deepest;
    for (int level = 9; level >= 1; level--) {
      Map<String, Object> up = new LinkedHashMap<>();
      up.put("l" + level, cur);
      cur = up;
    }
    cur.put("top", "t");
    Event e = base().put("winlog.event_data", cur);
    assertTrue(guard.check(e));
    Map<?, ?> data = (Map<?, ?>) e.get("winlog.event_data");
    assertEquals("t", data.get("top"));
    // the object is level 1, l1..l3 are levels 2..4; l4 would be level 5: kept as its JSON text
    String text = (String) data.get("l1.l2.l3.l4");
    assertEquals("bottom", JSON.readTree(text).at("/l5/l6/l7/l8/l9/l10").asText());
    assertEquals(2, data.size());
    assertTrue(e.hasTag(FieldGuard.TAG_TOO_DEEP));
    assertEquals(1L, counted.get(Reason.TOO_DEEP));
  }

  @Test
  void nestedObjectsWithinTheDepthLimitBecomeDottedKeys() {
    Event e = base().put("winlog.event_data", Map.of("a", Map.of("b", 1L), "empty", Map.of()));
    assertTrue(guard.check(e));
    assertEquals(Map.of("a.b", 1L, "empty", "{}"), e.get("winlog.event_data"), "an empty object keeps its key");
    assertTrue(e.tags().isEmpty(), "nothing moved: no tag");
  }

  @Test
  void aHundredKilobyteKeywordMovesToAStoredCopy() {
    String big = "A".repeat(100 * 1024);
    Event e = base().put("user.agent.original", big).put("user.name", List.of("bob", big)).put("message", big)
        .put("event.original", big);
    assertTrue(guard.check(e));
    assertFalse(e.has("user.agent.original"));
    assertEquals(big, longTerm(e, "user.agent.original"));
    assertEquals(List.of("bob"), e.get("user.name"));
    assertEquals(big, longTerm(e, "user.name"));
    assertEquals(big, e.get("message"), "text is analyzed into words, not one term");
    assertEquals(big, e.get("event.original"), "stored, not indexed");
    assertTrue(e.hasTag(FieldGuard.TAG_LONG_TERM));
    assertEquals(2L, counted.get(Reason.LONG_TERM));
    assertEquals(FieldType.STORED, MAPPING.of(FieldGuard.LONG_TERMS + ".user.name", big));
  }

  @Test
  void theTermLimitCountsUtf8Bytes() {
    String viet = "đ".repeat(4096); // 8192 bytes in 4096 chars
    String fits = "đ".repeat(4095);
    Event e = base().put("user.name", viet).put("user.full_name", fits);
    guard.check(e);
    assertEquals(viet, longTerm(e, "user.name"));
    assertEquals(fits, e.get("user.full_name"));
  }

  @Test
  void longFieldNamesGoToTheOverflow() throws Exception {
    String name = "x".repeat(300);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("k".repeat(250), "v");
    data.put("ok", "w");
    Event e = base().put(name, "value").put("winlog.event_data", data);
    guard.check(e);
    assertFalse(e.has(name));
    JsonNode o = overflow(e);
    assertEquals("value", o.get(name).asText());
    assertEquals("v", o.get("winlog.event_data." + "k".repeat(250)).asText(), "the indexed name counts: object.key");
    assertEquals(Map.of("ok", "w"), e.get("winlog.event_data"));
    assertEquals(2L, counted.get(Reason.LONG_NAME));
  }

  @Test
  void unpairedSurrogatesBecomeReplacementCharacters() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("k\uDC00", "v\uD800");
    Event e = base().put("user.name", "bad\uD800").put("message", List.of("ok \uD83D\uDE00", "lone \uDE00"))
        .put("bad\uD800name", "kept in the overflow").put("winlog.event_data", data);
    assertTrue(guard.check(e));
    assertEquals("bad\uFFFD", e.get("user.name"));
    assertEquals(List.of("ok \uD83D\uDE00", "lone \uFFFD"), e.get("message"), "a proper pair stays");
    assertEquals(Map.of("k\uFFFD", "v\uFFFD"), e.get("winlog.event_data"));
    assertEquals("kept in the overflow", overflow(e).get("bad\uFFFDname").asText());
    assertFalse(ValueText.hasLoneSurrogate(e.getString(FieldGuard.OVERFLOW)));
    assertEquals(4L, counted.get(Reason.BAD_UNICODE));
  }

  // ---- the guard's own places

  @Test
  void aMoveWhoseKeyIsTakenGoesToTheOverflowInstead() throws Exception {
    Event e = base().put(FieldGuard.MISTYPED, Map.of("source.port", "forged")).put("source.port", "http");
    guard.check(e);
    assertEquals(Map.of("source.port", "forged"), e.get(FieldGuard.MISTYPED));
    assertEquals("http", overflow(e).get("source.port").asText());
  }

  @Test
  void aFieldUnderAFreeFormObjectJoinsItSoItsJsonHasEachKeyOnce() throws Exception {
    // the Windows parser writes winlog.event_data.Status both in the map and as a field
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Status", "0xc000006d");
    data.put("TargetUserName", "admin");
    Event e = base().put("winlog.event_data", data).put("winlog.event_data.Status", "0xc000006d")
        .put("winlog.event_data.SubStatus", "0xc000006a");
    assertTrue(guard.check(e));
    assertFalse(e.has("winlog.event_data.Status"));
    assertFalse(e.has("winlog.event_data.SubStatus"));
    assertEquals(Map.of("Status", "0xc000006d", "TargetUserName", "admin", "SubStatus", "0xc000006a"), e.get("winlog.event_data"));
    assertTrue(e.tags().isEmpty(), "nothing moved: the same value is written once");
    JsonNode json = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .readTree(vn.soctinh.analyzer.event.EcsJson.write(e));
    assertEquals("admin", json.at("/winlog/event_data/TargetUserName").asText());
  }

  @Test
  void aFieldUnderTheGuardsOwnObjectsGoesToTheOverflow() throws Exception {
    Event e = base().put("soctinh.mistyped.source.port", "forged").put("source.port", "http");
    assertTrue(guard.check(e));
    assertFalse(e.has("soctinh.mistyped.source.port"));
    assertEquals("forged", overflow(e).get("soctinh.mistyped.source.port").asText());
    assertEquals("http", mistyped(e, "source.port"));
  }

  @Test
  void aGuardedEventIsCleanTheSecondTime() {
    Event e = base().put("source.port", List.of(1L, "x")).put("user.name", "n".repeat(10_000)).put("_x", 1L)
        .put("winlog.event_data", Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1L))))));
    assertTrue(guard.check(e));
    Map<String, Object> once = e.toMap();
    counted.clear();
    assertFalse(guard.check(e));
    assertEquals(once, e.toMap());
    assertTrue(counted.isEmpty());
  }

  @Test
  void aCleanEventIsLeftAloneAndNotCounted() {
    Event e = base().put("source.ip", "203.0.113.5").put("source.port", 22L).put("event.action", "ssh_login_failed")
        .put("user.name", "root").put("message", "Failed password for root").put("related.ip", List.of("203.0.113.5"))
        .put("log.syslog.structured_data", Map.of("meta@1", "x")).put("network.ratio", 0.5).put("tls.established", true);
    Map<String, Object> before = e.toMap();
    assertFalse(guard.check(e));
    assertEquals(before, e.toMap());
    assertTrue(e.tags().isEmpty());
    assertTrue(counted.isEmpty());
  }

  @Test
  void limitsBelowWhatTheStoresNeedAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1024, 4, 40_000, 256), "over Lucene's term limit");
    assertThrows(IllegalArgumentException.class, () -> new Limits(10, 1024, 4, 8191, 256), "no room for the pipeline's fields");
    assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 0, 4, 8191, 256));
    assertThrows(IllegalArgumentException.class, () -> new Limits(1000, 1024, 0, 8191, 256));
    assertEquals(new Limits(1000, 1024, 4, 8191, 256), Limits.DEFAULTS);
  }

  @Test
  void micrometerCountersCarryOnlyTheFixedReasons() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FieldGuard metered = new FieldGuard(MAPPING, Limits.DEFAULTS, FieldGuard.Counters.meters(registry));
    metered.check(base().put("source.port", List.of(1L, "x", "y")).put("secret.customer.field", Map.of("a", 1L)));
    assertEquals(3.0, registry.get(Metrics.ANALYZER_GUARD_VALUES.name()).tag("reason", "mistyped").counter().count());
    assertEquals(Reason.values().length, registry.getMeters().size(), "one counter per reason, none per field");
    assertNull(registry.find(Metrics.ANALYZER_GUARD_VALUES.name()).tag("reason", "secret.customer.field").counter());
  }
}
