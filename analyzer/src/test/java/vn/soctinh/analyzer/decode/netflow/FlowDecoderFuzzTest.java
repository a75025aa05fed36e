package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * Any bytes as a datagram, and any bytes as a template set: the decoder never throws, every event
 * keeps event.original and is either a flow/options record or an _unparsed event with a reason,
 * and the template cache and the pending buffer stay within their bounds. Plain {@code mvn test}
 * replays the seeds in {@code FlowDecoderFuzzTestInputs/} (real softflowd packets among them);
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class FlowDecoderFuzzTest {
  private static final FlowSettings SMALL = new FlowSettings(60, 8, 3, 4096, 1024);
  private static final String[] EXPORTERS = {"192.0.2.1", "192.0.2.2", "2001:db8::3", "192.0.2.4"};

  @FuzzTest(maxDuration = "60s")
  void anyDatagramDecodesWithoutExceptionAndWithinTheBounds(byte[] data) {
    FlowDecoder d = new FlowDecoder(SMALL);
    // the same bytes again from other exporters and later: what the first copy taught is used and expires
    for (int i = 0; i < EXPORTERS.length; i++) {
      check(Flows.decode(d, data, EXPORTERS[i], Flows.RECEIVED.plusSeconds(40L * i)));
      withinBounds(d);
    }
    check(Flows.flush(d));
    assertTrue(d.pendingSets() == 0 && d.pendingBytes() == 0);
  }

  @FuzzTest(maxDuration = "60s")
  void anyTemplateSetIsReadWithoutExceptionAndSoIsDataAfterIt(byte[] data) {
    byte[] body = data.length > 20_000 ? Arrays.copyOf(data, 20_000) : data;
    FlowDecoder d = new FlowDecoder(SMALL);
    for (int set : new int[] {2, 3}) {
      byte[] ipfix = FlowPacketWriter.ipfix(Flows.EXPORT_SECS, 1).set(set).bytes(body).end().set(256).bytes(body).end()
          .set(257).bytes(body).end().ipfix();
      check(Flows.decode(d, ipfix));
      withinBounds(d);
    }
    for (int set : new int[] {0, 1}) {
      byte[] v9 = FlowPacketWriter.v9(1000, Flows.EXPORT_SECS, 1).set(set).bytes(body).end().set(256).bytes(body).end()
          .set(257).bytes(body).end().bytes();
      check(Flows.decode(d, v9));
      withinBounds(d);
    }
    check(Flows.flush(d));
  }

  private static void withinBounds(FlowDecoder d) {
    assertTrue(d.templateCount() <= SMALL.maxTemplates(), "templates " + d.templateCount());
    assertTrue(d.exporterCount() <= SMALL.maxExporters(), "exporters " + d.exporterCount());
    assertTrue(d.pendingBytes() <= SMALL.maxPendingBytes(), "pending " + d.pendingBytes());
  }

  private static void check(List<Event> events) {
    for (Event e : events) {
      String original = e.getString("event.original");
      assertNotNull(original, e.toString());
      Base64.getDecoder().decode(original);
      assertTrue(e.get("@timestamp") instanceof Instant, e.toString());
      if (e.hasTag("_unparsed")) {
        String why = e.getString("error.message");
        assertNotNull(why);
        assertFalse(why.startsWith("decoder error"), why);
      } else {
        String action = e.getString("event.action");
        assertTrue("netflow_flow".equals(action) || "netflow_options".equals(action), e.toString());
      }
      // typed fields hold their type
      if (e.has("source.port")) assertTrue(e.get("source.port") instanceof Long);
      if (e.has("network.bytes")) assertTrue(e.get("network.bytes") instanceof Long);
      if (e.has("event.start")) assertTrue(e.get("event.start") instanceof Instant);
      e.toString(); // the JSON writer takes every value
    }
  }
}
