package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import vn.soctinh.console.api.ApiRouter;

/** Every route the server serves is in /api/openapi.yaml, and every documented route is served. */
class OpenApiCoverageTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void theDocumentAndTheRoutesAreTheSame() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Set<String> served = new TreeSet<>();
      for (ApiRouter.Route r : f.server.routes()) served.add(r.method().name() + " " + r.path());
      Client.Response doc = f.client().get("/api/openapi.yaml");
      assertEquals(200, doc.status());
      Map<String, Object> yaml = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(doc.body());
      Set<String> documented = new TreeSet<>();
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) yaml.get("paths");
      paths.forEach((path, ops) -> ops.keySet().forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
      Set<String> undocumented = new TreeSet<>(served);
      undocumented.removeAll(documented);
      Set<String> unserved = new TreeSet<>(documented);
      unserved.removeAll(served);
      assertEquals(Set.of(), undocumented, "served but not in openapi.yaml");
      assertEquals(Set.of(), unserved, "in openapi.yaml but not served");
    }
  }
}
