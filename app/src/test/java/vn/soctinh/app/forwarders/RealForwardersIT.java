package vn.soctinh.app.forwarders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Real rsyslog and syslog-ng daemons, with the configurations of deploy/forwarders, forward N
 * distinct lines each into SOC Tỉnh's listeners; every line must be in the journal byte for byte,
 * exactly once (RELP: at least once, duplicates reported). N defaults to 10,000
 * ({@code -Dsoctinh.forwarders.lines}).
 */
@ExtendWith(TestSeed.class)
class RealForwardersIT {
  private static final int LINES = Integer.getInteger("soctinh.forwarders.lines", 10_000);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static Path tmp;
  private static TestPki pki;
  private static TestPki.ClientCert agencyCert;
  private static SocTinh app;

  @BeforeAll
  static void start() throws Exception {
    tmp = Files.createTempDirectory("soctinh-forwarders");
    pki = TestPki.create(tmp);
    agencyCert = pki.client("so-tttt.tinh.gov.vn");
    String yaml = "data_dir: " + tmp.resolve("data") + "\n"
        + "listeners:\n"
        + "  syslog_udp: { listen: \"udp://127.0.0.1:0\" }\n"
        + "  syslog_tcp: { listen: \"tcp://127.0.0.1:0\" }\n"
        + "  syslog_tls: { listen: \"tls://127.0.0.1:0\", cert_file: \"" + pki.serverCertFile() + "\", key_file: \"" + pki.serverKeyFile()
        + "\", client_auth: optional, client_ca_file: \"" + pki.caFile() + "\" }\n"
        + "  relp: { listen: \"tcp://127.0.0.1:0\" }\n"
        + "  http: { listen: \"http://127.0.0.1:0\" }\n"
        + "  netflow: { enabled: false }\n  ipfix: { enabled: false }\n"
        + "sources:\n"
        + "  - agency: ubnd-thu-nghiem\n    cidrs: [127.0.0.1/32]\n"
        + "  - agency: so-tttt\n    tls_names: [so-tttt.tinh.gov.vn]\n";
    app = SocTinh.start(ConfigLoader.loadString(yaml, "forwarders.yml"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.close();
  }

  private static String listenerFor(Wire w) {
    return switch (w) {
      case TCP_LF, TCP_OCTET_COUNTED -> "syslog_tcp";
      case TLS, MUTUAL_TLS -> "syslog_tls";
      case RELP -> "relp";
      case UDP -> "syslog_udp";
    };
  }

  /** Payloads of the records a listener journaled from offset {@code from} on. */
  private static List<byte[]> journaled(String listener, long from, List<JournalRecord> keep) {
    List<byte[]> out = new ArrayList<>();
    keep.clear();
    try (JournalReader r = app.journal().reader(from)) {
      JournalRecord rec;
      while ((rec = r.next()) != null) {
        if (rec.meta().listener().equals(listener)) {
          out.add(rec.payload());
          keep.add(rec);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static void run(ForwarderTemplate template, DaemonStarter starter) throws Exception {
    String listener = listenerFor(template.wire());
    long from = app.journal().nextOffset();
    InputLines lines = InputLines.generate(LINES, TestSeed.seed());
    Path input = lines.writeTo(tmp.resolve(template.fileName() + ".input"));
    Map<String, String> extra = new HashMap<>(pki.placeholders());
    if (template.wire() == Wire.MUTUAL_TLS) extra.putAll(agencyCert.placeholders());
    List<JournalRecord> records = new ArrayList<>();
    try (AutoCloseable daemon = starter.start(listener, input, extra)) {
      InputLines.Delivery d = lines.awaitDelivery(() -> journaled(listener, from, records), Duration.ofMillis(700), TIMEOUT);
      String why = template.fileName() + ": " + d.summary() + "\n" + daemon;
      if (template.wire() == Wire.RELP) {
        assertTrue(d.atLeastOnce(), why);
        System.out.println("RELP duplicates: " + d.duplicates() + " of " + d.expected());
      } else {
        assertTrue(d.exactlyOnce(), why);
      }
      assertEquals(LINES, d.delivered(), why);
    }
    Transport expected = switch (template.wire()) {
      case TCP_LF, TCP_OCTET_COUNTED -> Transport.TCP;
      case TLS, MUTUAL_TLS -> Transport.TLS;
      case RELP -> Transport.RELP;
      case UDP -> Transport.UDP;
    };
    String agency = template.wire() == Wire.MUTUAL_TLS ? "so-tttt" : "ubnd-thu-nghiem";
    for (JournalRecord r : records) {
      assertEquals(expected, r.transport());
      assertEquals(agency, r.meta().agency(), "attribution over " + template.wire());
      assertEquals(0, r.flags() & ~vn.soctinh.collector.journal.RecordFlags.OCTET_COUNTED, "no record may be truncated or partial");
    }
  }

  @FunctionalInterface
  interface DaemonStarter {
    AutoCloseable start(String listener, Path input, Map<String, String> extra) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(RsyslogDaemon.Template.class)
  void rsyslogForwardsEveryLineExactlyOnce(RsyslogDaemon.Template t) throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(RsyslogDaemon.unavailableReason(t).isEmpty(), RsyslogDaemon.unavailableReason(t).orElse(""));
    run(t, (listener, input, extra) -> RsyslogDaemon.forward(t, "127.0.0.1", app.address(listener).getPort(), input, extra));
  }

  @ParameterizedTest
  @EnumSource(SyslogNgDaemon.Template.class)
  void syslogNgForwardsEveryLineExactlyOnce(SyslogNgDaemon.Template t) throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(SyslogNgDaemon.unavailableReason().isEmpty(), SyslogNgDaemon.unavailableReason().orElse(""));
    run(t, (listener, input, extra) -> SyslogNgDaemon.forward(t, "127.0.0.1", app.address(listener).getPort(), input, extra));
  }
}
