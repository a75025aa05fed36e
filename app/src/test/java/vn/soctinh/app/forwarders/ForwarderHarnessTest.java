package vn.soctinh.app.forwarders;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.soctinh.app.forwarders.InputLines.Delivery;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Proves the forwarder harness and the shipped configs against a trivial in-test receiver: real
 * rsyslog and syslog-ng, every template, 2,000 lines each, all of them delivered intact. The
 * collector's own forwarder tests reuse the harness with SOC Tỉnh's listeners instead.
 */
@ExtendWith(TestSeed.class)
class ForwarderHarnessTest {

  /** -Dsoctinh.forwarders.lines=10000 for a longer run. */
  private static final int LINES = Integer.getInteger("soctinh.forwarders.lines", 2_000);
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofMillis(700);
  private static final String CLIENT_CN = "agency-so-tttt";

  @TempDir Path dir;

  private final long seed = TestSeed.seed();

  @ParameterizedTest
  @EnumSource(RsyslogDaemon.Template.class)
  void rsyslogDeliversEveryLineExactlyOnce(RsyslogDaemon.Template template) throws IOException {
    assumeAvailable(RsyslogDaemon.unavailableReason(template));
    InputLines lines = InputLines.generate(LINES, seed);
    Path input = lines.writeTo(dir.resolve("input.log"));
    Tls tls = tls(template.wire());
    try (SimpleReceiver receiver = SimpleReceiver.start(template.wire(), 0, tls.context());
        RsyslogDaemon rsyslog = RsyslogDaemon.forward(template, receiver.host(), receiver.port(),
            input, tls.placeholders())) {
      Delivery delivery = lines.awaitDelivery(receiver::payloads, QUIET, CASE_TIMEOUT);
      assertDelivered(template, delivery, lines, receiver, rsyslog.logs(), true);
    }
  }

  @ParameterizedTest
  @EnumSource(SyslogNgDaemon.Template.class)
  void syslogNgDeliversEveryLineExactlyOnce(SyslogNgDaemon.Template template) throws IOException {
    assumeAvailable(SyslogNgDaemon.unavailableReason());
    InputLines lines = InputLines.generate(LINES, seed);
    Path input = lines.writeTo(dir.resolve("input.log"));
    Tls tls = tls(template.wire());
    try (SimpleReceiver receiver = SimpleReceiver.start(template.wire(), 0, tls.context());
        SyslogNgDaemon syslogNg = SyslogNgDaemon.forward(template, receiver.host(), receiver.port(),
            input, tls.placeholders())) {
      Delivery delivery = lines.awaitDelivery(receiver::payloads, QUIET, CASE_TIMEOUT);
      assertDelivered(template, delivery, lines, receiver, syslogNg.logs(), true);
    }
  }

  /** The action queue and endless retries keep every line while the receiver is not there yet. */
  @ParameterizedTest
  @EnumSource(value = RsyslogDaemon.Template.class, names = {"TCP", "RELP"})
  void rsyslogKeepsLinesUntilTheReceiverComesUp(RsyslogDaemon.Template template)
      throws IOException {
    assumeAvailable(RsyslogDaemon.unavailableReason(template));
    InputLines lines = InputLines.generate(LINES, seed);
    Path input = lines.writeTo(dir.resolve("input.log"));
    int port = freePort();
    try (RsyslogDaemon rsyslog = RsyslogDaemon.forward(template, "127.0.0.1", port, input, Map.of())) {
      // the receiver comes up only after rsyslog found it refused and suspended its action
      Await.until(Duration.ofSeconds(30), () -> rsyslog.logs().contains("suspended"), () -> "rsyslog suspends the refused target:\n" + rsyslog.logs());
      assertTrue(rsyslog.isAlive(), rsyslog::logs);
      try (SimpleReceiver receiver = SimpleReceiver.start(template.wire(), port, null)) {
        Delivery delivery = lines.awaitDelivery(receiver::payloads, QUIET, CASE_TIMEOUT);
        // at least once: rsyslog 8.2302 sends the first queued line twice once the connection
        // succeeds (TCP and RELP alike)
        assertDelivered(template, delivery, lines, receiver, rsyslog.logs(), false);
      }
    }
  }

  @Test
  void everyShippedForwarderConfigIsExercised() throws IOException {
    Set<String> shipped;
    try (Stream<Path> files = Files.list(ConfigTemplate.directory())) {
      shipped = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> covered = new TreeSet<>();
    for (RsyslogDaemon.Template t : RsyslogDaemon.Template.values()) {
      covered.add(t.fileName());
    }
    for (SyslogNgDaemon.Template t : SyslogNgDaemon.Template.values()) {
      covered.add(t.fileName());
    }
    assertEquals(shipped, covered, "deploy/forwarders/*.conf and the harness templates differ");
  }

  @Test
  void renderingRefusesMissingPlaceholdersAndQuotes() {
    Map<String, String> values = new HashMap<>(Map.of("TARGET_HOST", "127.0.0.1",
        "TARGET_PORT", "6514", "WORK_DIR", "/tmp/x"));
    IllegalArgumentException missing = assertThrows(
        IllegalArgumentException.class, () -> ConfigTemplate.render("rsyslog-tcp.conf", values));
    assertTrue(missing.getMessage().contains("[INPUT_FILE]"), missing.getMessage());
    values.put("INPUT_FILE", "/tmp/in\" file=\"/etc/shadow");
    IllegalArgumentException quote = assertThrows(
        IllegalArgumentException.class, () -> ConfigTemplate.render("rsyslog-tcp.conf", values));
    assertTrue(quote.getMessage().contains("INPUT_FILE"), quote.getMessage());
  }

  @Test
  void checkerFindsMissingDuplicatedAndCorruptedLines() {
    InputLines lines = InputLines.generate(5, TestSeed.seed());
    List<String> l = lines.lines();
    List<byte[]> payloads = List.of(
        ("<13>1 - h app - - - " + l.get(0)).getBytes(UTF_8),
        ("<13>1 - h app - - - " + l.get(1) + "\n").getBytes(UTF_8),
        ("<13>1 - h app - - - " + l.get(1)).getBytes(UTF_8),
        ("<13>1 - h app - - - " + l.get(2).substring(0, l.get(2).length() - 1))
            .getBytes(UTF_8),
        ("<13>1 - h app - - - " + l.get(3) + "x").getBytes(UTF_8),
        "unrelated".getBytes(UTF_8));
    Delivery d = lines.check(payloads);
    assertEquals(List.of(2, 3, 1, 2, 1), List.of(d.delivered(), d.missing(), d.duplicates(),
        d.corrupted(), d.foreign()), d::toString);
    assertEquals(List.of(l.get(2), l.get(3), l.get(4)), d.firstMissing());
  }

  private static void assertDelivered(ForwarderTemplate template, Delivery delivery,
      InputLines lines, SimpleReceiver receiver, String daemonLogs, boolean exactlyOnce) {
    System.out.println(template.daemon() + " " + template.fileName() + ": " + delivery.summary());
    Wire wire = template.wire();
    String context = lines + "\n" + delivery + "\nreceiver errors: " + receiver.errors()
        + "\n" + daemonLogs;
    assertEquals(List.of(), receiver.errors(), () -> "receiver errors\n" + context);
    if (exactlyOnce) {
      assertTrue(delivery.exactlyOnce(), () -> "not exactly once\n" + context);
    } else {
      assertTrue(delivery.atLeastOnce(), () -> "not at least once\n" + context);
    }
    if (wire == Wire.MUTUAL_TLS) {
      assertTrue(!receiver.peers().isEmpty()
          && receiver.peers().stream().allMatch(p -> p.contains("CN=" + CLIENT_CN)),
          () -> "client certificates seen: " + receiver.peers());
    }
  }

  private Tls tls(Wire wire) throws IOException {
    if (!wire.tls()) {
      return new Tls(null, Map.of());
    }
    TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    Map<String, String> placeholders = new HashMap<>(pki.placeholders());
    if (wire == Wire.MUTUAL_TLS) {
      placeholders.putAll(pki.client(CLIENT_CN).placeholders());
    }
    return new Tls(pki.serverContext(), placeholders);
  }

  private record Tls(SSLContext context, Map<String, String> placeholders) {}

  private static void assumeAvailable(Optional<String> unavailable) {
    vn.soctinh.collector.testing.RequiredTools.assume(unavailable.isEmpty(), unavailable.orElse(""));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
