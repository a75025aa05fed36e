package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.app.upgrade.DataDirFormat;
import vn.soctinh.app.upgrade.DataDirLock;
import vn.soctinh.collector.files.Release;
import vn.soctinh.collector.files.UnsupportedFormatException;
import vn.soctinh.collector.journal.Journal;

/**
 * A data directory written by the previous release (the fixture in {@code upgrade/v0.1.0-b80c359},
 * made by that release's jar: see its README) opens in this one: after {@code soctinh upgrade}, or
 * when {@code soctinh run} starts on it, the commands print what that release printed. And a part a
 * later release wrote is refused, naming its file, with nothing changed.
 */
class UpgradeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURE = "/upgrade/v0.1.0-b80c359";
  private static final String DAY = "events-2026.12.07";
  @TempDir Path tmp;

  private static Path fixture() throws Exception {
    return Path.of(UpgradeTest.class.getResource(FIXTURE).toURI());
  }

  /** A copy of the fixture's data directory, and a configuration that uses it. */
  private Path copyOfThePreviousRelease() throws Exception {
    Path data = tmp.resolve("data");
    copyTree(fixture().resolve("data"), data);
    Files.writeString(tmp.resolve("soctinh.yml"), TestConfigs.loopbackYaml(data, ""));
    return data;
  }

  private String cfg() {
    return tmp.resolve("soctinh.yml").toString();
  }

  @Test
  void upgradeRewritesAnEarlierStorePartitionMarksTheDirectoryAndEveryCommandPrintsWhatThePreviousReleasePrinted() throws Exception {
    Path data = copyOfThePreviousRelease();
    // one day as the release before store format 2 kept it, so that the upgrade has a reindex to run
    StoreCommandTest.toEarlierFormat(data.resolve("store").resolve(DAY), tmp.resolve("legacy-copy"));

    CliTest.Run dry = soctinh("upgrade", "--dry-run", "--json", "--config", cfg());
    assertEquals(0, dry.code(), dry.err());
    Map<String, JsonNode> parts = parts(JSON.readTree(dry.out()));
    assertEquals("mark", parts.get("data directory").get("state").asText());
    assertEquals("mark", parts.get("journal").get("state").asText());
    assertEquals("reindex", parts.get("store").get("state").asText());
    assertEquals(1, parts.get("store").get("format").asInt());
    assertEquals("current", parts.get("users").get("state").asText(), "a users file without a format field is of format 1, read as it is");
    assertEquals("covered", parts.get("audit chain").get("state").asText());
    assertFalse(Files.exists(data.resolve("format.json")), "a dry run changes nothing");
    assertFalse(Files.exists(data.resolve("journal").resolve("format.json")));

    CliTest.Run up = soctinh("upgrade", "--json", "--config", cfg());
    assertEquals(0, up.code(), up.err());
    assertTrue(up.err().contains(DAY), "the reindex reports its progress per partition: " + up.err());
    List<String> done = new ArrayList<>();
    JSON.readTree(up.out()).get("done").forEach(d -> done.add(d.get("part").asText()));
    assertEquals(List.of("store", "journal", "data directory"), done);

    assertMarker(data, "format.json", DataDirFormat.FORMAT);
    assertMarker(data, "journal/format.json", Journal.FORMAT);
    CliTest.Run status = soctinh("store", "status", "--json", "--config", cfg());
    assertEquals(0, JSON.readTree(status.out()).get("to_reindex").asInt(), status.out());
    assertSamePrintedAsThePreviousRelease();

    CliTest.Run again = soctinh("upgrade", "--config", cfg());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("nothing to do"), again.out());
  }

  @Test
  void theServerStartsOnThePreviousReleasesDirectoryMarksItAndRefusesAnUpgradeWhileItRuns() throws Exception {
    Path data = copyOfThePreviousRelease();
    try (SocTinh app = SocTinh.start(ConfigLoader.load(tmp.resolve("soctinh.yml")))) {
      assertMarker(data, "format.json", DataDirFormat.FORMAT);
      assertMarker(data, "journal/format.json", Journal.FORMAT);
      CliTest.Run up = soctinh("upgrade", "--config", cfg());
      assertEquals(1, up.code(), up.out());
      assertTrue(up.err().contains("in use") && up.err().contains("soctinh.lock"), up.err());
      IOException second = assertThrows(IOException.class, () -> SocTinh.start(ConfigLoader.load(tmp.resolve("soctinh.yml"))));
      assertTrue(second instanceof DataDirLock.InUseException, "one server per data directory: " + second);
    }
    assertTrue(Files.exists(data.resolve("detection").resolve("detection.state")), "the detection state was read, not moved aside");
    // nothing was processed twice: the consumers went on from their offsets
    assertSamePrintedAsThePreviousRelease();
  }

  @Test
  void aDataDirectoryOfALaterReleaseIsRefusedByEveryCommandNamingItsMarker() throws Exception {
    Path data = copyOfThePreviousRelease();
    String marker = "{\"format\": " + (DataDirFormat.FORMAT + 1) + ", \"written_by\": \"soctinh 9.0\"}\n";
    Files.writeString(data.resolve("format.json"), marker);
    for (String[] args : List.of(new String[] {"search", "*"}, new String[] {"journal", "stats"}, new String[] {"users", "list"},
        new String[] {"audit", "verify"}, new String[] {"upgrade"}, new String[] {"upgrade", "--dry-run"})) {
      CliTest.Run r = soctinh(concat(args, "--config", cfg()));
      assertEquals(1, r.code(), String.join(" ", args) + ": " + r.out());
      assertRefusal(r.err(), data.resolve("format.json"));
    }
    UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> SocTinh.start(ConfigLoader.load(tmp.resolve("soctinh.yml"))));
    assertEquals(data.resolve("format.json"), e.path());
    assertEquals(marker, Files.readString(data.resolve("format.json")), "nothing was changed");
    assertFalse(Files.exists(data.resolve("journal").resolve("format.json")));
  }

  @Test
  void aJournalOfALaterReleaseIsRefusedNamingItsMarker() throws Exception {
    Path data = copyOfThePreviousRelease();
    Path marker = data.resolve("journal").resolve("format.json");
    Files.writeString(marker, "{\"format\": " + (Journal.FORMAT + 1) + "}");
    byte[] segment = Files.readAllBytes(data.resolve("journal").resolve("00000000000000000000.seg"));
    CliTest.Run stats = soctinh("journal", "stats", "--config", cfg());
    assertEquals(1, stats.code(), stats.out());
    assertRefusal(stats.err(), marker);
    CliTest.Run up = soctinh("upgrade", "--config", cfg());
    assertEquals(1, up.code(), up.out());
    assertRefusal(up.err(), marker);
    assertTrue(up.out().contains("REFUSED"), up.out());
    UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> SocTinh.start(ConfigLoader.load(tmp.resolve("soctinh.yml"))));
    assertEquals(marker, e.path());
    assertArrayEquals(segment, Files.readAllBytes(data.resolve("journal").resolve("00000000000000000000.seg")), "nothing was changed");
  }

  @Test
  void aUsersFileOrADetectionStateOfALaterReleaseIsRefusedNamingTheFileAndKeptAsItIs() throws Exception {
    Path data = copyOfThePreviousRelease();
    Path users = data.resolve("console").resolve("users.json");
    String later = Files.readString(users).replaceFirst("\\{", "{\"format\": 2,");
    Files.writeString(users, later);
    CliTest.Run list = soctinh("users", "list", "--config", cfg());
    assertEquals(1, list.code(), list.out());
    assertRefusal(list.err(), users);
    CliTest.Run dry = soctinh("upgrade", "--dry-run", "--json", "--config", cfg());
    assertEquals(1, dry.code());
    assertEquals("newer", parts(JSON.readTree(dry.out())).get("users").get("state").asText());
    assertRefusal(dry.err(), users);
    assertEquals(later, Files.readString(users));

    // the detection state's header names its format: a later one is neither read nor moved aside
    Files.writeString(users, later.replace("\"format\": 2,", ""));
    Path state = data.resolve("detection").resolve("detection.state");
    byte[] bytes = Files.readAllBytes(state);
    byte[] magic = "soctinh-detection-state-2".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(bytes, magic);
    assertTrue(at > 0, "the fixture's state starts with this release's magic");
    bytes[at + magic.length - 1] = '9';
    Files.write(state, bytes);
    UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> SocTinh.start(ConfigLoader.load(tmp.resolve("soctinh.yml"))));
    assertEquals(state, e.path());
    assertTrue(e.getMessage().contains("detection state of format 9"), e.getMessage());
    assertArrayEquals(bytes, Files.readAllBytes(state));
    try (Stream<Path> s = Files.list(state.getParent())) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("unreadable")), "not moved aside");
    }
  }

  /** The fixture's {@code expected/}: what the previous release printed about the same directory. */
  private void assertSamePrintedAsThePreviousRelease() throws Exception {
    Path expected = fixture().resolve("expected");
    assertEquals(byId(Files.readString(expected.resolve("search-events.ndjson"))),
        byId(soctinhOk("search", "*", "--json", "--limit", "100", "--config", cfg())), "the same events");
    assertEquals(byId(Files.readString(expected.resolve("search-alerts.ndjson"))),
        byId(soctinhOk("search", "--alerts", "*", "--json", "--limit", "100", "--config", cfg())), "the same alerts");
    assertEquals(incidents(Files.readString(expected.resolve("incidents.ndjson"))),
        incidents(soctinhOk("incidents", "list", "--json", "--config", cfg())), "the same incidents");
    JsonNode verify = JSON.readTree(soctinhOk("audit", "verify", "--json", "--config", cfg()));
    JsonNode before = JSON.readTree(Files.readString(expected.resolve("audit-verify.json")));
    assertTrue(verify.get("ok").asBoolean(), verify.toString());
    assertEquals(before.get("entries"), verify.get("entries"));
    assertEquals(before.get("head"), verify.get("head"), "the same audit chain, to its head");
    assertEquals(lines(Files.readString(expected.resolve("users.json"))), lines(soctinhOk("users", "list", "--json", "--config", cfg())));
    assertEquals(Files.readString(expected.resolve("org-list.txt")), soctinhOk("org", "list", "--config", cfg()));
  }

  private static String soctinhOk(String... args) {
    CliTest.Run r = soctinh(args);
    assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    return r.out();
  }

  private static void assertMarker(Path data, String file, int format) throws IOException {
    JsonNode m = JSON.readTree(Files.readString(data.resolve(file)));
    assertEquals(format, m.get("format").asInt(), file);
    assertEquals(Release.writer(), m.get("written_by").asText(), file);
  }

  private static void assertRefusal(String err, Path file) {
    assertTrue(err.contains(file.toString()) && err.contains("newer than this release of SOC Tỉnh reads") && err.contains("later release"),
        "names the file and what to do: " + err);
  }

  private static Map<String, JsonNode> parts(JsonNode plan) {
    Map<String, JsonNode> out = new TreeMap<>();
    plan.get("parts").forEach(p -> out.put(p.get("name").asText(), p));
    return out;
  }

  /** Events or alerts by id, the summary line apart. */
  private static Map<String, JsonNode> byId(String ndjson) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    for (String line : lines(ndjson)) {
      JsonNode n = JSON.readTree(line);
      if (n.has("summary")) {
        out.put("(summary)", n);
      } else {
        out.put(n.get("event").get("id").asText(), n);
      }
    }
    assertTrue(out.size() > 1, ndjson);
    return out;
  }

  /** Each incident's own fields (not what is computed from the time of the command, like deadlines). */
  private static Map<String, String> incidents(String ndjson) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String line : lines(ndjson)) {
      JsonNode n = JSON.readTree(line);
      StringBuilder b = new StringBuilder();
      for (String f : List.of("title", "pack", "state", "priority", "alert_ids", "group_keys", "times", "timeline", "organizations")) {
        b.append(f).append('=').append(n.get(f)).append('\n');
      }
      out.put(n.get("id").asText(), b.toString());
    }
    assertFalse(out.isEmpty(), ndjson);
    return out;
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
