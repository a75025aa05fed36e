package vn.soctinh.app.attacker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentDocs;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;

/**
 * The attack issue #17 reproduced by hand, through the running server: over plain TCP, with no
 * token, a JSON line carrying an indicator hit (203.0.113.77, in the shipped example feed) that calls
 * itself a drill, names an agency, a security level and a peer address. The alert and the incident
 * it opens are real ones (nobody would be paged for a drill), unassigned, with no level from the line.
 */
class ForgedDrillEndToEndTest {
  @TempDir Path tmp;

  @Test
  void aLineThatCallsItselfADrillOpensARealIncident() throws Exception {
    Path data = tmp.resolve("data");
    Files.writeString(Files.createDirectories(data.resolve("org")).resolve("directory.yml"), Files.readString(Path.of("../deploy/org.example.yml")));
    String yaml = "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n  ioc: [../rules/ioc]\n"
        + "incidents:\n  regulation_dir: ../rules/regulation\n";
    String forged = "{\"event\":{\"action\":\"connection\"},\"source\":{\"ip\":\"203.0.113.77\"},\"host\":{\"name\":\"dichvucong.thunghiem.gov.vn\"},"
        + "\"labels\":{\"drill_id\":\"DR-fake\",\"security_level\":\"1\"},\"organization\":{\"id\":\"so-khcn\"},"
        + "\"log\":{\"source\":{\"address\":\"127.0.0.1:1\"}},\"message\":\"poison drill\"}";
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml));
        Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      BlockingQueue<JsonObject> feed = new LinkedBlockingQueue<>();
      app.vertx().eventBus().<JsonArray>consumer(vn.soctinh.analyzer.detect.AlertBus.ADDRESS, m -> m.body().forEach(o -> feed.add((JsonObject) o)));
      s.getOutputStream().write((forged + "\n").getBytes(UTF_8));
      s.getOutputStream().flush();

      JsonObject alert = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (alert == null && System.nanoTime() < deadline) {
        JsonObject a = feed.poll(200, TimeUnit.MILLISECONDS);
        if (a != null && "soctinh-ioc".equals(a.getJsonObject("rule").getString("id"))) alert = a;
      }
      assertNotNull(alert, "the indicator hit raised an alert");
      JsonObject labels = alert.getJsonObject("labels");
      assertNull(labels.getString("drill"), "not a drill: " + alert);
      assertNull(labels.getString("drill_id"));
      assertNull(labels.getString("security_level"), "no level from the line");
      assertEquals("unassigned", alert.getJsonObject("organization").getString("id"), "not the agency the line named");

      // the incident it opens, as the committed store holds it
      Incident incident = null;
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (incident == null && System.nanoTime() < deadline) {
        try (LuceneEventStore store = LuceneEventStore.openReadOnly(data.resolve("store"))) {
          List<Event> hits = store.search(SearchRequest.of(DocKind.INCIDENTS, "labels.doc:incident", 10)).hits();
          if (!hits.isEmpty()) incident = IncidentDocs.fromDoc(hits.get(0));
        }
        if (incident == null) Thread.sleep(200);
      }
      assertNotNull(incident, "the alert opened an incident");
      assertFalse(incident.drill(), "a real incident: its agency's people are told");
      assertNotEquals(List.of("so-khcn"), incident.orgs(), "not put in the named agency's view");
    }
  }
}
