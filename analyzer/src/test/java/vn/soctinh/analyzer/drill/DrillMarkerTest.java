package vn.soctinh.analyzer.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.source.Cidr;

class DrillMarkerTest {
  private final AtomicInteger refused = new AtomicInteger();
  private final DrillMarker marker = new DrillMarker(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("10.99.0.0/16")),
      refused::incrementAndGet);

  private static Event marked(String from) {
    return new Event().put("log.source.address", from).put("log.syslog.structured_data",
        Map.of(DrillLines.SD_ID, Map.of("drill_id", "DR-1", "scenario", "sc", "step", "st")));
  }

  @Test
  void aMarkFromAnInjectorBecomesLabels() {
    for (String from : List.of("127.0.0.1:5000", "::1:5000", "10.99.3.4:1")) {
      Event e = marked(from);
      marker.process(List.of(e));
      assertEquals("DR-1", e.getString("labels.drill_id"), from);
      assertEquals("sc", e.getString("labels.drill_scenario"));
      assertEquals("st", e.getString("labels.drill_step"));
    }
    assertEquals(0, refused.get());
  }

  @Test
  void aMarkFromAnyoneElseIsRefusedTaggedAndCounted() {
    for (String from : List.of("10.98.0.1:514", "203.0.113.9:514", "evil.example:514", "")) {
      Event e = marked(from);
      marker.process(List.of(e));
      assertNull(e.get("labels.drill_id"), from);
      assertTrue(e.hasTag(DrillMarker.REFUSED), from);
    }
    Event noAddress = new Event().put("log.syslog.structured_data", Map.of(DrillLines.SD_ID, Map.of("drill_id", "DR-1")));
    marker.process(List.of(noAddress));
    assertNull(noAddress.get("labels.drill_id"), "no sender address (a file, HTTP JSON): never a drill");
    assertEquals(5, refused.get());
  }

  @Test
  void eventsWithoutTheMarkAreLeftAlone() {
    Event e = new Event().put("log.source.address", "127.0.0.1:1").put("log.syslog.structured_data", Map.of("other@1", Map.of("drill_id", "x")));
    marker.process(List.of(e));
    assertNull(e.get("labels.drill_id"));
    assertFalse(e.hasTag(DrillMarker.REFUSED));
    assertEquals(0, refused.get());
  }
}
