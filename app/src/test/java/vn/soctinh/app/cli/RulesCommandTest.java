package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code soctinh rules check|test} on files, as rule authors run them. */
class RulesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** The same runner as {@link CliTest}. */
  private static CliTest.Run soctinh(String... args) {
    return CliTest.soctinh(args);
  }

  private Path rules() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("rules"));
    Files.writeString(d.resolve("ssh.yml"), String.join("\n",
        "title: SSH login failed for root",
        "id: soctinh-test-ssh-root",
        "logsource: {product: linux, service: auth}",
        "detection:",
        "  sel: {event.action: ssh_login, event.outcome: failure, User: root}",
        "  condition: sel",
        ""));
    Files.writeString(d.resolve("bad.yml"), "title: bad\nlogsource: {product: linux}\ndetection:\n  sel: {x|nope: 1}\n  condition: sel\n");
    return d;
  }

  @Test
  void checkPrintsTotalsAndEachFailureAndExits1() throws Exception {
    Path d = rules();
    CliTest.Run r = soctinh("rules", "check", d.toString(), "--mapping", "../rules/sigma-mapping.yml");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("bad.yml:4:9: unknown modifier \"nope\" on x"), r.out());
    assertTrue(r.out().contains("2 files, 2 rules: 1 loaded, 1 failed, 0 without a logsource mapping"), r.out());
    CliTest.Run j = soctinh("rules", "check", d.toString(), "--json", "--mapping", "../rules/sigma-mapping.yml");
    JsonNode n = JSON.readTree(j.out());
    assertEquals(2, n.get("files").asInt());
    assertEquals(2, n.get("rules").asInt());
    assertEquals(1, n.get("loaded").asInt());
    assertEquals(4, n.at("/failed/0/line").asInt());
    assertTrue(n.at("/failed/0/file").asText().endsWith("bad.yml"));
    Files.delete(d.resolve("bad.yml"));
    assertEquals(0, soctinh("rules", "check", d.toString(), "--mapping", "../rules/sigma-mapping.yml").code());
    CliTest.Run missing = soctinh("rules", "check", tmp.resolve("nope").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no such file or directory"), missing.err());
  }

  @Test
  void testRunsTheRulesOnParsedEvents() throws Exception {
    Path d = rules();
    Files.delete(d.resolve("bad.yml"));
    Path input = tmp.resolve("auth.log");
    Files.writeString(input, "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 4242 ssh2\n"
        + "<38>Nov 23 10:00:01 web-01 sshd[1]: Failed password for alice from 203.0.113.9 port 4243 ssh2\n");
    CliTest.Run parsed = soctinh("parse", input.toString());
    assertEquals(0, parsed.code(), parsed.err());
    Path events = tmp.resolve("events.ndjson");
    Files.writeString(events, parsed.out());
    CliTest.Run t = soctinh("rules", "test", "--rules", d.toString(), "--events", events.toString(), "--json", "--mapping", "../rules/sigma-mapping.yml");
    assertEquals(0, t.code(), t.err());
    String[] lines = t.out().strip().split("\n");
    assertEquals(2, lines.length, t.out());
    assertEquals(0, JSON.readTree(lines[0]).get("index").asInt());
    assertEquals("[\"soctinh-test-ssh-root\"]", JSON.readTree(lines[0]).get("rules").toString());
    assertEquals(1, JSON.readTree(lines[1]).get("index").asInt());
    assertEquals(0, JSON.readTree(lines[1]).get("rules").size());
    Files.writeString(events, "not json\n");
    CliTest.Run bad = soctinh("rules", "test", "--rules", d.toString(), "--events", events.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("line 1 is not an ECS JSON event"), bad.err());
  }
}
