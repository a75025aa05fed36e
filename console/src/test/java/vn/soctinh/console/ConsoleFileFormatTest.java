package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.files.UnsupportedFormatException;
import vn.soctinh.console.auth.ApiTokens;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.UserStore;
import vn.soctinh.console.report.ReportDrafts;

/**
 * The console's files carry their format: written with it, read without it (an earlier release's
 * file), refused with a later one, naming the file and changing nothing.
 */
class ConsoleFileFormatTest {
  @TempDir Path dir;

  @Test
  void usersFileIsWrittenWithItsFormatReadWithoutAndRefusedFromALaterRelease() throws Exception {
    new UserStore(dir, Clock.systemUTC()).add("lan", Role.ANALYST, null, "mật khẩu đủ dài".toCharArray(), false);
    Path f = dir.resolve("users.json");
    JsonObject written = new JsonObject(Files.readString(f));
    assertEquals(UserStore.FORMAT, written.getInteger("format"));

    written.remove("format");
    Files.writeString(f, written.encode());
    assertEquals("lan", new UserStore(dir, Clock.systemUTC()).list().get(0).name(), "an earlier release's file");

    String later = written.copy().put("format", UserStore.FORMAT + 1).encode();
    Files.writeString(f, later);
    assertRefused(assertThrows(UnsupportedFormatException.class, () -> new UserStore(dir, Clock.systemUTC())), f);
    assertEquals(later, Files.readString(f));
  }

  @Test
  void tokensFileIsWrittenWithItsFormatAndRefusedFromALaterRelease() throws Exception {
    new ApiTokens(dir, Clock.systemUTC()).create("script", "lan", "read");
    Path f = dir.resolve("tokens.json");
    JsonObject written = new JsonObject(Files.readString(f));
    assertEquals(ApiTokens.FORMAT, written.getInteger("format"));
    Files.writeString(f, written.copy().put("format", ApiTokens.FORMAT + 1).encode());
    assertRefused(assertThrows(UnsupportedFormatException.class, () -> new ApiTokens(dir, Clock.systemUTC())), f);
  }

  @Test
  void reportDraftIsWrittenWithItsFormatReadWithoutAndRefusedFromALaterRelease() throws Exception {
    ReportDrafts drafts = new ReportDrafts(dir);
    drafts.save("INC-2026-000001", "initial", Map.of("impact", "Gián đoạn 15 phút"), "lan", Instant.parse("2026-12-07T03:00:00Z"));
    Path f = dir.resolve("INC-2026-000001-initial.json");
    JsonObject written = new JsonObject(Files.readString(f));
    assertEquals(ReportDrafts.FORMAT, written.getInteger("format"));
    written.remove("format");
    Files.writeString(f, written.encode());
    assertEquals("Gián đoạn 15 phút", drafts.get("INC-2026-000001", "initial").fields().get("impact"));
    Files.writeString(f, written.copy().put("format", ReportDrafts.FORMAT + 1).encode());
    assertRefused(assertThrows(UnsupportedFormatException.class, () -> drafts.get("INC-2026-000001", "initial")), f);
  }

  private static void assertRefused(UnsupportedFormatException e, Path f) {
    assertEquals(f, e.path());
    assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains("later release"), e.getMessage());
  }
}
