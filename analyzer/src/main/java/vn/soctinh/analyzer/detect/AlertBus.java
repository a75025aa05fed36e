package vn.soctinh.analyzer.detect;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

/**
 * The Vert.x event-bus address where every new or updated alert is published as soon as it is
 * raised, whoever raised it (rules, silent sources, the platform's own checks), as a JSON array of
 * ECS alert documents: the console's live feed subscribes here. One address and one encoding.
 */
public final class AlertBus {
  public static final String ADDRESS = "soctinh.alerts";

  private AlertBus() {}

  public static void publish(EventBus bus, List<Event> alerts) {
    if (alerts.isEmpty()) return;
    JsonArray out = new JsonArray();
    for (Event a : alerts) out.add(new JsonObject(EcsJson.write(a)));
    bus.publish(ADDRESS, out);
  }
}
