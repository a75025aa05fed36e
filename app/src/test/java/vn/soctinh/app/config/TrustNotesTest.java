package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.TestConfigs;

/** Issue #17: anything that trusts more than the safe defaults is said at start, naming its key; loopback-only and TLS say nothing. */
class TrustNotesTest {
  @TempDir Path tmp;

  @Test
  void theDefaultsSayWhatTheyOpenAndLoopbackSaysNothing() throws Exception {
    List<String> defaults = TrustNotes.of(ConfigLoader.loadString("data_dir: " + tmp + "\n", "t.yml"));
    String all = String.join("\n", defaults);
    assertTrue(all.contains("listeners.syslog_tcp on 0.0.0.0:"), all);
    assertTrue(all.contains("listeners.http on") && all.contains("require_token: false"), all);
    assertTrue(!all.contains("console.listen"), "the default console is https: " + all);

    assertEquals(List.of(), TrustNotes.of(TestConfigs.loopback(tmp.resolve("d"), "")), "every listener on loopback, console over TLS");

    String weak = String.join("\n", TrustNotes.of(TestConfigs.loopback(tmp.resolve("w"),
        "console: { listen: \"http://127.0.0.1:0\" }\nanalyzer: { field_guard: false }\ndrills: { injectors: [10.0.0.0/8] }\n")));
    assertTrue(weak.contains("console.listen is http://"), weak);
    assertTrue(weak.contains("analyzer.field_guard is off"), weak);
    assertTrue(weak.contains("drills.injectors includes 10.0.0.0/8"), weak);
  }
}
