package vn.soctinh.analyzer.parse.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ParsedLines;

/**
 * The Loghub samples (2,000 real lines each) through the whole parse path: the share of lines that
 * get a specific event.action (not the _unparsed fallback), and exact counts that grep confirms.
 */
class LoghubCoverageTest {

  static List<String> lines(String name) throws IOException {
    try (InputStream in = LoghubCoverageTest.class.getResourceAsStream("/loghub/" + name)) {
      return new String(in.readAllBytes(), UTF_8).lines().toList();
    }
  }

  static List<Event> parse(List<String> lines) {
    List<Event> out = new ArrayList<>();
    for (String l : lines) out.add(ParsedLines.parse(l));
    return out;
  }

  private static long count(List<Event> events, String action) {
    return events.stream().filter(e -> action.equals(e.get("event.action"))).count();
  }

  private static long grep(List<String> lines, String... needles) {
    return lines.stream().filter(l -> {
      for (String n : needles) if (l.contains(n)) return true;
      return false;
    }).count();
  }

  private static long sshEvents(List<Event> events, String which) {
    return events.stream().filter(e -> "ssh_login".equals(e.get("event.action")) && which.equals(e.get("system.auth.ssh.event"))).count();
  }

  @Test
  void atLeast97PercentOfOpenSshLinesGetASpecificAction() throws IOException {
    List<String> lines = lines("OpenSSH_2k.log");
    List<Event> events = parse(lines);
    double coverage = ParsedLines.actionCoverage(events);
    System.out.printf("Loghub OpenSSH: %.2f %% of %d lines with a specific event.action%n", 100 * coverage, lines.size());
    assertTrue(coverage >= 0.97, "coverage " + coverage);
    assertEquals(grep(lines, "Failed password", "Failed none"), sshEvents(events, "Failed"));
    assertEquals(grep(lines, ": Invalid user "), sshEvents(events, "Invalid"));
    assertEquals(grep(lines, "input_userauth_request: invalid user"), count(events, "ssh_invalid_user"));
    assertEquals(grep(lines, "Accepted password", "Accepted publickey"), sshEvents(events, "Accepted"));
    assertEquals(sshEvents(events, "Failed") + sshEvents(events, "Invalid") + sshEvents(events, "Accepted"), count(events, "ssh_login"),
        "every login line is an ssh_login, as in Elastic's system integration");
    assertEquals(grep(lines, "POSSIBLE BREAK-IN ATTEMPT"), count(events, "ssh_reverse_mapping_failed") + count(events, "ssh_reverse_mapping_mismatch"));
    long sshdFromOneAddress = events.stream()
        .filter(e -> "Failed".equals(e.get("system.auth.ssh.event")) && "183.62.140.253".equals(e.get("source.ip"))).count();
    List<String> fromOne = lines.stream().filter(l -> l.contains(" 183.62.140.253 ")).toList();
    assertEquals(grep(fromOne, "Failed password", "Failed none"), sshdFromOneAddress, "failures from one attacker, by source.ip");
  }

  @Test
  void atLeast85PercentOfLinuxLinesGetASpecificAction() throws IOException {
    List<String> lines = lines("Linux_2k.log");
    List<Event> events = parse(lines);
    double coverage = ParsedLines.actionCoverage(events);
    System.out.printf("Loghub Linux: %.2f %% of %d lines with a specific event.action%n", 100 * coverage, lines.size());
    assertTrue(coverage >= 0.85, "coverage " + coverage);
    assertEquals(grep(lines, "ftpd[", "connection from"), grep(lines, "ftpd["), "sanity of the sample");
    assertEquals(grep(lines, "]: connection from "), count(events, "ftp_connection"));
    assertEquals(grep(lines, "authentication failure;", "check pass; user unknown"), count(events, "authentication_failure"));
    assertEquals(grep(lines, "session opened for user"), count(events, "logged-on"));
    assertEquals(grep(lines, "session closed for user"), count(events, "logged-off"));
    assertEquals(grep(lines, "logrotate: ALERT exited abnormally"), count(events, "logrotate_failed"));
  }

  @Test
  void atLeast85PercentOfApacheErrorLinesGetASpecificAction() throws IOException {
    List<String> lines = lines("Apache_2k.log");
    List<Event> events = parse(lines);
    double coverage = ParsedLines.actionCoverage(events);
    System.out.printf("Loghub Apache: %.2f %% of %d lines with a specific event.action%n", 100 * coverage, lines.size());
    assertTrue(coverage >= 0.85, "coverage " + coverage);
    assertEquals(grep(lines, "Directory index forbidden"), count(events, "directory_index_forbidden"));
    assertEquals(grep(lines, "] [error] "), events.stream().filter(e -> "error".equals(e.get("log.level"))).count());
  }
}
