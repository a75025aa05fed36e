package vn.soctinh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;

class ParseCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private Path file(String content) throws Exception {
    Path f = tmp.resolve("in.log");
    Files.write(f, content.getBytes(UTF_8));
    return f;
  }

  private static List<JsonNode> events(String out) throws Exception {
    List<JsonNode> list = new java.util.ArrayList<>();
    for (String l : out.split("\n")) if (!l.isEmpty()) list.add(JSON.readTree(l));
    return list;
  }

  @Test
  void oneEventPerMessageInInputOrderAndInvalidOnesToo() throws Exception {
    Path f = file("<13>Nov 23 10:00:00 host prog[1]: first Hà Nội\r\n"
        + "\n"
        + "<13>1 2003-13-11T22:14:15Z host x - - - broken\n"
        + "{\"event\":{\"action\":\"custom\"},\"message\":\"third\"}\n");
    CliTest.Run r = CliTest.soctinh("parse", "--timezone", "Asia/Ho_Chi_Minh", f.toString());
    assertEquals(0, r.code(), r.err());
    List<JsonNode> ev = events(r.out());
    assertEquals(3, ev.size(), "the empty line is not a message");
    assertEquals("first Hà Nội", ev.get(0).at("/message").asText());
    assertEquals("<13>Nov 23 10:00:00 host prog[1]: first Hà Nội", ev.get(0).at("/event/original").asText());
    assertTrue(ev.get(0).at("/@timestamp").asText().endsWith("-11-23T03:00:00Z"), ev.get(0).toString());
    assertEquals("RFC 5424: column 12: TIMESTAMP month 13 is not 01-12", ev.get(1).at("/error/message").asText());
    assertEquals("_unparsed", ev.get(1).at("/tags/0").asText());
    assertEquals("custom", ev.get(2).at("/event/action").asText());
    assertEquals("third", ev.get(2).at("/message").asText());
  }

  @Test
  void aConformanceTableIsCheckedLineByLine() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("tables"));
    Path good = Files.writeString(dir.resolve("sshd.table"), """
        > <38>Nov 23 10:00:01 web-01 sshd[2101]: Accepted password for bob from 10.10.1.5 port 52344 ssh2
          event.action = ssh_login
          user.name = bob
        """);
    CliTest.Run ok = CliTest.soctinh("parse", "--check", good.toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("1 lines checked, 0 with differences"), ok.out());

    Path wrong = Files.writeString(dir.resolve("sudo.table"), """
        # the file is sudo's: a sshd line in it is reported, and so is a wrong value
        > <38>Nov 23 10:00:01 web-01 sshd[2101]: Accepted password for bob from 10.10.1.5 port 52344 ssh2
          user.name = alice
        """);
    CliTest.Run bad = CliTest.soctinh("parse", "--check", good.toString(), wrong.toString());
    assertEquals(1, bad.code(), bad.out() + bad.err());
    assertTrue(bad.out().contains(wrong + ":2: user.name: expected <alice> but was <bob>"), bad.out());
    assertTrue(bad.out().contains(wrong + ":2: parser: expected <sudo> but was <sshd>"), bad.out());
    assertTrue(bad.out().contains("2 lines checked, 1 with differences"), bad.out());

    Path broken = Files.writeString(dir.resolve("x.table"), "> a line\n  event.action ssh_login\n");
    CliTest.Run unreadable = CliTest.soctinh("parse", "--check", broken.toString());
    assertEquals(2, unreadable.code());
    assertTrue(unreadable.err().contains(broken + ":2: expected \"field = value\""), unreadable.err());
  }

  @Test
  void octetCountedFraming() throws Exception {
    String a = "<13>1 - h app - - - one\nline";
    String b = "<13>1 - h app - - - two";
    Path f = file(a.getBytes(UTF_8).length + " " + a + b.getBytes(UTF_8).length + " " + b);
    CliTest.Run r = CliTest.soctinh("parse", "--framing", "octet-counting", f.toString());
    assertEquals(0, r.code(), r.err());
    List<JsonNode> ev = events(r.out());
    assertEquals(2, ev.size());
    assertEquals("one\nline", ev.get(0).at("/message").asText(), "a frame may hold a newline");
    assertEquals("two", ev.get(1).at("/message").asText());
  }

  @Test
  void statsCountPerParserWithExamples() throws Exception {
    Path f = file("<13>Nov 23 10:00:00 host prog: a\n<13>Nov 23 10:00:00 host prog: b\n<13>1 - - - - - -\n");
    CliTest.Run r = CliTest.soctinh("parse", "--stats", "--json", f.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode s = JSON.readTree(r.out());
    assertEquals(3, s.get("messages").asInt());
    assertEquals(0, s.get("with_action").asInt());
    assertEquals(3, s.get("unparsed").asInt());
    assertEquals(2, s.at("/parsers/rfc3164/recognised").asInt());
    assertEquals(1, s.at("/parsers/rfc5424/recognised").asInt());
    assertEquals(3, s.at("/parsers/(none)/fell_back").asInt());
    assertTrue(s.at("/parsers/(none)/examples/0").asText().contains("no parser for program prog"), s.toString());
  }

  @Test
  void statsAsATable() throws Exception {
    CliTest.Run r = CliTest.soctinh("parse", "--stats", file("<13>Nov 23 10:00:00 host prog: a\n").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("messages 1, with a specific event.action 0 (0.00 %), unparsed 1"), r.out());
    assertTrue(r.out().contains("examples that fell back in (none):"), r.out());
  }

  @Test
  void aMissingFileIsAnErrorWithExitCode1() {
    CliTest.Run r = CliTest.soctinh("parse", tmp.resolve("nope.log").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no such file"), r.err());
    assertFalse(r.out().contains("{"));
  }

  @Test
  void badOptionsAreUsageErrors() {
    CliTest.Run f = CliTest.soctinh("parse", "--format", "rfc3146");
    assertEquals(2, f.code());
    assertTrue(f.err().contains("--format: expected one of auto, rfc5424, rfc3164, json, cef, leef but was rfc3146"), f.err());
    CliTest.Run p = CliTest.soctinh("parse", "--parser", "nosuch");
    assertEquals(2, p.code());
    assertTrue(p.err().contains("--parser: expected one of"), p.err());
    CliTest.Run fr = CliTest.soctinh("parse", "--framing", "crlf");
    assertEquals(2, fr.code());
  }

  @Test
  void journalRecordsAreParsedWithTheirSenderListenerAndAgencysZone() throws Exception {
    Path data = tmp.resolve("data");
    Path yml = tmp.resolve("soctinh.yml");
    Files.writeString(yml, "data_dir: " + data + "\nsources:\n  - agency: so-tokyo\n    timezone: Asia/Tokyo\n    cidrs: [10.9.0.0/16]\n");
    SocTinhConfig cfg = ConfigLoader.load(yml);
    try (Journal j = Journal.open(cfg.journal(),
        new SimpleMeterRegistry())) {
      RecordBatch batch = new RecordBatch(ByteBufAllocator.DEFAULT, 1024);
      ConnectionMeta meta = new ConnectionMeta(
          Transport.TCP, "syslog_tcp", new InetSocketAddress("10.9.1.2", 5000), "so-tokyo", "", false);
      long nanos = Instant.parse("2026-11-23T05:00:00Z").getEpochSecond() * 1_000_000_000L;
      batch.add(meta, nanos, 0, "<13>Nov 23 10:00:00 host prog: one".getBytes(UTF_8));
      batch.add(meta, nanos, 0, "<13>Nov 23 10:00:01 host prog: two".getBytes(UTF_8));
      j.append(batch).get();
    }
    CliTest.Run r = CliTest.soctinh("parse", "--journal", "--config", yml.toString());
    assertEquals(0, r.code(), r.err());
    List<JsonNode> ev = events(r.out());
    assertEquals(2, ev.size());
    assertEquals("so-tokyo", ev.get(0).at("/organization/id").asText());
    assertEquals("10.9.1.2:5000", ev.get(0).at("/log/source/address").asText());
    assertEquals("2026-11-23T01:00:00Z", ev.get(0).at("/@timestamp").asText(), "Tokyo is UTC+9");
    assertEquals("two", ev.get(1).at("/message").asText());
    CliTest.Run limited = CliTest.soctinh("parse", "--journal", "--config", yml.toString(), "--limit", "1", "--stats", "--json");
    assertEquals(1, JSON.readTree(limited.out()).get("messages").asInt());
    CliTest.Run both = CliTest.soctinh("parse", "--journal", "--config", yml.toString(), yml.toString());
    assertEquals(2, both.code(), "--journal and FILE together are a usage error");
  }

  @Test
  void statsReportTheLoghubCoverageTheIssueAsksFor() throws Exception {
    double[] min = {0.97, 0.85};
    String[] files = {"OpenSSH_2k.log", "Linux_2k.log"};
    for (int i = 0; i < files.length; i++) {
      Path f = Path.of("../analyzer/src/test/resources/loghub/" + files[i]);
      CliTest.Run r = CliTest.soctinh("parse", "--stats", "--json", f.toString());
      assertEquals(0, r.code(), r.err());
      JsonNode s = JSON.readTree(r.out());
      assertEquals(2000, s.get("messages").asInt());
      double coverage = s.get("action_coverage").asDouble();
      assertTrue(coverage >= min[i], files[i] + ": " + coverage);
      assertEquals(s.get("messages").asInt(), s.get("with_action").asInt() + s.get("unparsed").asInt(), "every line is one or the other");
    }
  }

  @Test
  void listParsersNamesThem() {
    CliTest.Run r = CliTest.soctinh("parse", "--list-parsers");
    assertEquals(0, r.code());
    assertTrue(r.out().lines().anyMatch("json"::equals), r.out());
  }
}
