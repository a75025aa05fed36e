package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.analyzer.decode.netflow.Flows.decode;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

/** The decoder's memory is bounded, and whatever a bound pushes out comes out as an event. */
class FlowBoundsTest {
  private static final int SET_BYTES = 4 + 8;
  private static final long COST = SET_BYTES + PendingSets.OVERHEAD_BYTES;

  /** A v9 packet with one data flowset of template {@code id} (8 bytes of record). */
  private static byte[] data(int id, long sourceId) {
    return FlowPacketWriter.v9(1000, Flows.EXPORT_SECS, sourceId).set(id).ip("10.0.0.1").ip("10.0.0.2").end().bytes();
  }

  private static byte[] template(int id, long sourceId) {
    return FlowPacketWriter.v9(1000, Flows.EXPORT_SECS, sourceId).set(0).template(id, 2).fields(8, 4, 12, 4).end().bytes();
  }

  @Test
  void heldDataOverThePerTemplateBoundComesOutOldestFirstNamingTheMissingTemplate() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(1800, 100, 10, 100 * COST, 2 * COST));
    byte[] first = data(300, 7);
    assertEquals(List.of(), decode(d, first));
    assertEquals(List.of(), decode(d, data(300, 7)));
    List<Event> out = decode(d, data(300, 7));
    assertEquals(1, out.size());
    Event e = out.get(0);
    assertTrue(e.hasTag("_unparsed"));
    assertEquals("template 300 of exporter 192.0.2.1 domain 7 unknown (max_pending_bytes_per_template reached)", e.get("error.message"));
    assertArrayEquals(Flows.slice(first, 20, first.length), Flows.original(e));
    assertEquals("192.0.2.1", e.get("observer.ip"));
    assertEquals(2, d.pendingSets());
    assertEquals(2 * COST, d.pendingBytes());
    assertEquals(1, d.counters().pendingReleased());
    assertEquals(3, d.counters().pendingHeld());
  }

  @Test
  void heldDataOverTheTotalBoundPushesOutTheOldestOfAnyTemplate() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(1800, 100, 10, 3 * COST, 3 * COST));
    for (int id = 300; id < 303; id++) assertEquals(List.of(), decode(d, data(id, 1)));
    List<Event> out = decode(d, data(303, 1));
    assertEquals(1, out.size());
    assertEquals("template 300 of exporter 192.0.2.1 domain 1 unknown (max_pending_bytes reached)", out.get(0).get("error.message"));
    assertEquals(3 * COST, d.pendingBytes());
    assertEquals(2, decode(d, FlowPacketWriter.v9(1000, Flows.EXPORT_SECS, 1).set(0).template(301, 2).fields(8, 4, 12, 4)
        .template(303, 2).fields(8, 4, 12, 4).end().bytes()).size(), "the others are still decoded when their templates come");
  }

  @Test
  void aPendingBoundOfZeroReleasesAtOnce() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(1800, 100, 10, 0, 0));
    List<Event> out = decode(d, data(300, 7));
    assertEquals("template 300 of exporter 192.0.2.1 domain 7 unknown (too large to hold within max_pending_bytes_per_template)",
        out.get(0).get("error.message"));
    assertEquals(0, d.pendingSets());
  }

  @Test
  void heldDataLongerThanTheTemplateTimeoutComesOut() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(60, 100, 10, 1 << 20, 1 << 20));
    decode(d, data(300, 7), "192.0.2.1", Flows.RECEIVED);
    List<Event> out = decode(d, data(301, 7), "192.0.2.1", Flows.RECEIVED.plusSeconds(61));
    assertEquals(1, out.size());
    assertEquals("template 300 of exporter 192.0.2.1 domain 7 unknown (held longer than template_timeout_secs)", out.get(0).get("error.message"));
    assertEquals(Flows.RECEIVED, out.get(0).get("@timestamp"), "the time it was received, not released");
  }

  @Test
  void flushEmitsEverythingStillHeld() {
    FlowDecoder d = new FlowDecoder();
    decode(d, data(300, 7));
    decode(d, data(301, 7), "2001:db8::5", Flows.RECEIVED);
    List<Event> out = Flows.flush(d);
    assertEquals(2, out.size());
    assertEquals("template 301 of exporter 2001:db8::5 domain 7 unknown (still held at the end of input)", out.get(1).get("error.message"));
    assertEquals("[2001:db8::5]:40000", out.get(1).get("netflow.exporter.address"));
    assertEquals(0, d.pendingSets());
    assertEquals(0, d.pendingBytes());
    assertEquals(2, d.counters().pendingReleased());
  }

  @Test
  void templatesBeyondTheBoundEvictTheLeastRecentlyAnnounced() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(1800, 3, 10, 1 << 20, 1 << 20));
    for (int id = 256; id < 260; id++) decode(d, template(id, 1));
    assertEquals(3, d.templateCount());
    assertEquals(1, d.counters().templatesEvicted());
    assertEquals(List.of(), decode(d, data(256, 1)), "the first one went");
    assertEquals(1, decode(d, data(259, 1)).size());
  }

  @Test
  void exportersBeyondTheBoundTakeTheirTemplatesWithThem() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(1800, 100, 2, 1 << 20, 1 << 20));
    decode(d, template(256, 1), "192.0.2.1", Flows.RECEIVED);
    decode(d, template(256, 1), "192.0.2.2", Flows.RECEIVED);
    decode(d, template(256, 1), "192.0.2.1", Flows.RECEIVED); // .1 heard from again: .2 is now the oldest
    decode(d, template(256, 1), "192.0.2.3", Flows.RECEIVED);
    assertEquals(2, d.exporterCount());
    assertEquals(2, d.templateCount());
    assertEquals(1, d.counters().exportersEvicted());
    assertEquals(1, d.counters().templatesEvicted(), "the evicted exporter's template went with it");
    assertEquals(1, decode(d, data(256, 1), "192.0.2.1", Flows.RECEIVED).size());
    assertEquals(List.of(), decode(d, data(256, 1), "192.0.2.2", Flows.RECEIVED));
  }

  @Test
  void manyUnknownTemplatesStayWithinTheTotalBound() {
    long max = 50 * COST;
    FlowDecoder d = new FlowDecoder(new FlowSettings(1800, 100, 10, max, 4 * COST));
    int released = 0;
    for (int i = 0; i < 2000; i++) {
      released += decode(d, data(256 + (i % 97), i % 5), "192.0.2." + (i % 3 + 1), Flows.RECEIVED.plusMillis(i)).size();
      assertTrue(d.pendingBytes() <= max);
    }
    assertEquals(2000, released + d.pendingSets(), "every set is either held or came out");
    assertEquals(released, d.counters().pendingReleased());
  }

  @Test
  void templateExpiryIsByReceiveTimeNotWallClock() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(60, 100, 10, 1 << 20, 1 << 20));
    Instant old = Instant.parse("2020-01-01T00:00:00Z");
    decode(d, template(256, 1), "192.0.2.1", old);
    assertEquals(1, decode(d, data(256, 1), "192.0.2.1", old.plusSeconds(59)).size(), "a replayed journal keeps its templates");
  }
}
