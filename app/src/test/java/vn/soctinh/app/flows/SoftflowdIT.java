package vn.soctinh.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.testing.Await;

/**
 * A real exporter end to end: softflowd (Debian package, installed by .ci/install-test-deps.sh)
 * reads a pcap this test writes and exports its flows as NetFlow v5, v9 and IPFIX (plain and
 * bidirectional) to the netflow and ipfix listeners on loopback; the journal's records then go
 * through the same parse path as in production, and every flow must come out with its addresses,
 * ports, protocol, counters and times. Skipped, with the reason, when softflowd is not installed.
 */
class SoftflowdIT {
  private static final List<String> CANDIDATES = List.of("/usr/sbin/softflowd", "/usr/bin/softflowd");
  /** The capture's clock: softflowd -a takes its time from the packets. */
  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  @TempDir Path tmp;

  /** The flow of one direction as the test expects it: "src:port>dst:port proto bytes/packets start..end". */
  private record Flow(String key, String detail) {}

  static Optional<Path> softflowd() {
    for (String c : CANDIDATES) if (Files.isExecutable(Path.of(c))) return Optional.of(Path.of(c));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, "softflowd");
        if (Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Test
  void softflowdExportsOfOnePcapDecodeToTheSameFlowsInEveryVersion() throws Exception {
    Optional<Path> bin = softflowd();
    vn.soctinh.collector.testing.RequiredTools.assume(bin.isPresent(), "softflowd not found (" + CANDIDATES + " or PATH): run .ci/install-test-deps.sh as root");

    PcapWriter pcap = new PcapWriter();
    int dns1 = pcap.udp(T0, "10.1.2.3", 5353, "192.0.2.10", 53, 20);
    int dns2 = pcap.udp(T0.plusSeconds(1), "10.1.2.3", 5353, "192.0.2.10", 53, 30);
    int reply = pcap.udp(T0.plusMillis(1500), "192.0.2.10", 53, "10.1.2.3", 5353, 40);
    int syn = pcap.tcp(T0.plusSeconds(1), "10.1.2.4", 40000, "192.0.2.20", 443, 0x02, 0);
    int data = pcap.tcp(T0.plusSeconds(2), "10.1.2.4", 40000, "192.0.2.20", 443, 0x18, 100);
    int v6a = pcap.udp(T0.plusSeconds(3), "2001:db8::1", 1234, "2001:db8:0:1::53", 53, 12);
    int v6b = pcap.udp(T0.plusSeconds(4), "2001:db8::1", 1234, "2001:db8:0:1::53", 53, 12);
    Path file = pcap.writeTo(tmp.resolve("flows.pcap"));

    // softflowd keeps one flow per 5-tuple pair and gives both directions the pair's first and last packet times
    Flow udp = new Flow("10.1.2.3:5353>192.0.2.10:53", "udp " + (dns1 + dns2) + "/2 " + T0 + ".." + T0.plusMillis(1500));
    Flow udpReply = new Flow("192.0.2.10:53>10.1.2.3:5353", "udp " + reply + "/1 " + T0 + ".." + T0.plusMillis(1500));
    Flow tcp = new Flow("10.1.2.4:40000>192.0.2.20:443", "tcp " + (syn + data) + "/2 " + T0.plusSeconds(1) + ".." + T0.plusSeconds(2));
    Flow v6 = new Flow("2001:db8::1:1234>2001:db8:0:1::53:53", "udp " + (v6a + v6b) + "/2 " + T0.plusSeconds(3) + ".." + T0.plusSeconds(4));

    Path data1 = tmp.resolve("data");
    SocTinhConfig config = TestConfigs.loopback(data1, "");
    StringBuilder logs = new StringBuilder();
    try (SocTinh app = SocTinh.start(config)) {
      int netflow = app.address("netflow").getPort();
      int ipfix = app.address("ipfix").getPort();
      export(bin.get(), file, netflow, List.of("-v", "5"), app, logs);
      export(bin.get(), file, netflow, List.of("-v", "9", "-6"), app, logs);
      export(bin.get(), file, ipfix, List.of("-v", "10", "-6"), app, logs);
      export(bin.get(), file, ipfix, List.of("-v", "10", "-b"), app, logs);
    }

    Map<String, List<Event>> byRun = decodeJournal(config, data1);
    StringBuilder summary = new StringBuilder(logs);
    byRun.forEach((run, events) -> summary.append(run).append(": ").append(flows(events)).append('\n'));
    String why = summary.toString();
    // v5 carries no IPv6; softflowd reports each direction of the DNS exchange as its own flow
    assertEquals(expected(udp, udpReply, tcp), flows(byRun.get("v5")), why);
    assertEquals(expected(udp, udpReply, tcp, v6), flows(byRun.get("v9")), why);
    assertEquals(expected(udp, udpReply, tcp, v6), flows(byRun.get("ipfix")), why);
    // bidirectional IPFIX (RFC 5103): one record for the exchange, the reply counted as destination bytes
    List<Event> bi = byRun.get("ipfix-biflow").stream().filter(e -> "netflow_flow".equals(e.get("event.action"))).toList();
    Event exchange = bi.stream().filter(e -> "10.1.2.3".equals(e.get("source.ip"))).findFirst().orElseThrow(() -> new AssertionError(why));
    assertEquals((long) (dns1 + dns2), exchange.get("source.bytes"), why);
    assertEquals((long) reply, exchange.get("destination.bytes"), why);
    assertEquals((long) (dns1 + dns2 + reply), exchange.get("network.bytes"), why);
    assertEquals(1L, exchange.get("destination.packets"), why);
    for (List<Event> run : byRun.values()) {
      for (Event e : run) {
        assertTrue(!e.hasTag(EventParser.UNPARSED), e + "\n" + why);
        assertEquals("127.0.0.1", e.get("observer.ip"));
        assertEquals("unassigned", e.get("organization.id"));
      }
    }
  }

  /** Runs softflowd over the pcap and waits until what it sent is in the journal. */
  private static void export(Path bin, Path pcap, int port, List<String> version, SocTinh app, StringBuilder logs) throws Exception {
    long before = app.journal().nextOffset();
    List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-a", "-d", "-r", pcap.toString(), "-n", "127.0.0.1:" + port,
        "-c", "none", "-p", pcap.resolveSibling("softflowd.pid").toString()));
    cmd.addAll(version);
    Path log = pcap.resolveSibling("softflowd.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    logs.append(String.join(" ", cmd)).append(" -> ").append(done ? "exit " + p.exitValue() : "killed").append('\n')
        .append(Files.readString(log, StandardCharsets.UTF_8)).append('\n');
    assertTrue(done && p.exitValue() == 0, logs.toString());
    // its datagrams were sent before it exited, as many as its summary says: wait until each is journaled
    java.util.regex.Matcher sent = java.util.regex.Pattern.compile("Flows exported: \\d+ \\(\\d+ records\\) in (\\d+) packets").matcher(logs);
    long packets = 0;
    while (sent.find()) packets = Long.parseLong(sent.group(1)); // this run's summary is the last one
    assertTrue(packets > 0, "softflowd says it sent nothing: " + cmd + "\n" + logs);
    long expected = before + packets;
    Await.until(Duration.ofSeconds(10), () -> app.journal().nextOffset() >= expected,
        () -> (app.journal().nextOffset() - before) + " of " + (expected - before) + " datagrams journaled from " + cmd + "\n" + logs);
  }

  /** The journal's records through EventParser with the NetFlow decoder, grouped by softflowd run (the runs came in order). */
  private static Map<String, List<Event>> decodeJournal(SocTinhConfig config, Path data) throws IOException {
    EventParser parser = new EventParser(config.parsing(), StandardParsers.registry(), StandardParsers.flowDecoder(config.flows()),
        new ParseStats(), Clock.systemUTC());
    Map<String, List<Event>> byRun = new TreeMap<>();
    try (Journal j = Journal.open(JournalConfig.defaults(data.resolve("journal")), null); JournalReader r = j.reader(0)) {
      for (JournalRecord rec = r.next(); rec != null; rec = r.next()) {
        RawRecord raw = RawRecord.of(rec);
        String run = run(raw.payload());
        parser.parse(raw, e -> byRun.computeIfAbsent(run, k -> new ArrayList<>()).add(e));
      }
    }
    List<Event> left = new ArrayList<>();
    parser.flush(null, left::add);
    assertEquals(List.of(), left, "nothing may be left waiting for a template");
    return byRun;
  }

  /** Which run a datagram came from: its version, and for IPFIX whether its templates use reverse (PEN 29305) elements. */
  private static String run(byte[] p) {
    int version = (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
    if (version != 10) return "v" + version;
    for (int i = 0; i + 8 <= p.length; i++) {
      if ((p[i] & 0x80) != 0 && p[i + 4] == 0 && p[i + 5] == 0 && p[i + 6] == 0x72 && p[i + 7] == 0x79) return "ipfix-biflow";
    }
    return "ipfix";
  }

  private static Map<String, String> expected(Flow... flows) {
    Map<String, String> m = new TreeMap<>();
    for (Flow f : flows) m.put(f.key(), f.detail());
    return m;
  }

  private static Map<String, String> flows(List<Event> events) {
    Map<String, String> m = new TreeMap<>();
    if (events == null) return m;
    for (Event e : events) {
      if (!"netflow_flow".equals(e.get("event.action"))) continue;
      String key = e.get("source.ip") + ":" + e.get("source.port") + ">" + e.get("destination.ip") + ":" + e.get("destination.port");
      m.put(key, e.get("network.transport") + " " + e.get("network.bytes") + "/" + e.get("network.packets") + " " + e.get("event.start") + ".."
          + e.get("event.end"));
    }
    return m;
  }
}
