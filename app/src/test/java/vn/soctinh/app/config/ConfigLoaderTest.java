package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.soctinh.analyzer.decode.MessageFormat;
import vn.soctinh.analyzer.decode.netflow.FlowSettings;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.collector.journal.FsyncPolicy;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.JournalConfigBuilder;
import vn.soctinh.collector.journal.KafkaSettings;
import vn.soctinh.collector.net.HttpSettings;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.net.TlsSettings.ClientAuth;
import vn.soctinh.collector.net.TlsSettings;
import vn.soctinh.collector.net.UdpSettings;
import vn.soctinh.collector.source.SourceEntry;

class ConfigLoaderTest {
  @TempDir Path tmp;

  private static SocTinhConfig load(String yaml) throws ConfigException {
    return ConfigLoader.loadString(yaml, "soctinh.yml");
  }

  private static InetSocketAddress any(int port) throws IOException {
    return new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port);
  }

  @Test
  void defaultsListenOnEveryInterfaceWithTheCollectorsDefaultLimits() throws IOException {
    SocTinhConfig d = SocTinhConfig.defaults();
    Path data = Path.of("data").toAbsolutePath();
    assertEquals(data, d.dataDir());
    assertEquals("Asia/Ho_Chi_Minh", d.timezone());
    assertEquals(new UdpSettings("syslog_udp", any(5514), UdpSettings.DEFAULT_RCVBUF_BYTES, UdpSettings.DEFAULT_MAX_MESSAGE_BYTES), d.syslogUdp());
    assertEquals(stream("syslog_tcp", any(5514), null), d.syslogTcp());
    assertEquals(stream("syslog_tls", any(6514), new TlsSettings(null, null, ClientAuth.NONE, null, false, 10)), d.syslogTls());
    assertEquals(stream("relp", any(2514), null), d.relp());
    assertEquals(new HttpSettings("http", any(8080), HttpSettings.DEFAULT_MAX_BODY_BYTES, false), d.http());
    assertEquals(JournalConfig.defaults(data.resolve("journal")), d.journal());
    assertEquals(List.of(), d.sources());
    assertNull(d.source());
  }

  @Test
  void elasticsearchBulkLimitsDefaultToTheStoresOwnAndCanBeChanged() throws ConfigException {
    var d = load("analyzer:\n  store: elasticsearch\n  elasticsearch:\n    urls: [http://127.0.0.1:9200]\n").analyzer().elasticsearch();
    var expected = vn.soctinh.analyzer.store.elasticsearch.EsSettings.of("http://127.0.0.1:9200");
    assertEquals(List.of(expected.bulkOperations(), expected.bulkBytes(), expected.concurrentRequests(), expected.pendingLimit()),
        List.of(d.bulkOperations(), d.bulkBytes(), d.concurrentRequests(), d.pendingLimit()));
    assertEquals(5L << 20, d.bulkBytes(), "requests bounded by bytes: a few MiB");
    var c = load("""
        analyzer:
          store: elasticsearch
          elasticsearch:
            urls: [http://127.0.0.1:9200]
            bulk_operations: 500
            bulk_bytes: 1MiB
            concurrent_requests: 4
            pending_limit: 4000
        """).analyzer().elasticsearch();
    assertEquals(List.of(500, 1L << 20, 4, 4000), List.of(c.bulkOperations(), c.bulkBytes(), c.concurrentRequests(), c.pendingLimit()));
  }

  @Test
  void flowListenersAndTheDecoderHaveTheirDefaults() throws IOException {
    SocTinhConfig d = SocTinhConfig.defaults();
    assertEquals(new UdpSettings("netflow", any(2055), UdpSettings.DEFAULT_RCVBUF_BYTES, 65535), d.netflow());
    assertEquals(new UdpSettings("ipfix", any(4739), UdpSettings.DEFAULT_RCVBUF_BYTES, 65535), d.ipfix());
    assertEquals(List.of(d.netflow(), d.ipfix()), d.flowListeners());
    assertEquals(FlowSettings.defaults(), d.flows());
    assertEquals(new ParseSettings.ListenerParsing(MessageFormat.NETFLOW, null), d.parsing().listeners().get("netflow"));
    assertEquals(new ParseSettings.ListenerParsing(MessageFormat.NETFLOW, null), d.parsing().listeners().get("ipfix"));
    assertEquals(ParseSettings.defaults().listeners(), d.parsing().listeners(), "the analyzer's defaults name the same listeners");
  }

  @Test
  void flowListenersAndDecoderLimitsCanBeChanged() throws ConfigException, IOException {
    SocTinhConfig c = load("""
        listeners:
          netflow:
            listen: udp://127.0.0.1:9995
            max_message_bytes: 9000
          ipfix:
            enabled: false
        flows:
          template_timeout_secs: 0
          max_templates: 100
          max_exporters: 20
          max_pending_bytes: 1MiB
          max_pending_bytes_per_template: 64KiB
        """);
    assertEquals(new UdpSettings("netflow", new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9995), UdpSettings.DEFAULT_RCVBUF_BYTES, 9000),
        c.netflow());
    assertNull(c.ipfix());
    assertEquals(List.of(c.netflow()), c.flowListeners());
    assertEquals(new FlowSettings(0, 100, 20, 1024 * 1024, 64 * 1024), c.flows());
  }

  @Test
  void aFlowListenerMayBeSetToAutoDetection() throws ConfigException {
    SocTinhConfig c = load("listeners:\n  ipfix:\n    format: auto\n");
    assertNull(c.parsing().listeners().get("ipfix"));
    assertEquals(MessageFormat.NETFLOW, c.parsing().listeners().get("netflow").format());
  }

  private static StreamSettings stream(String name, InetSocketAddress listen, TlsSettings tls) {
    return new StreamSettings(name, listen, StreamSettings.DEFAULT_MAX_FRAME_BYTES, StreamSettings.DEFAULT_MAX_CONNECTIONS,
        StreamSettings.DEFAULT_MAX_CONNECTIONS_PER_SOURCE, StreamSettings.DEFAULT_IDLE_TIMEOUT_SECS, StreamSettings.DEFAULT_MAX_INFLIGHT_BYTES, tls);
  }

  @Test
  void aPartialFileOverridesOnlyWhatItSays() throws ConfigException {
    SocTinhConfig c = load("""
        listeners:
          syslog_tcp:
            max_frame_bytes: 1MiB
          http:
            enabled: false
        journal:
          fsync: interval
        """);
    SocTinhConfig d = SocTinhConfig.defaults();
    StreamSettings t = d.syslogTcp();
    StreamSettings expectedTcp = new StreamSettings(t.name(), t.listen(), 1024 * 1024, t.maxConnections(), t.maxConnectionsPerSource(),
        t.idleTimeoutSecs(), t.maxInflightBytes(), t.tls());
    SocTinhConfig expected = d.with().syslogTcp(expectedTcp).http(null).journal(d.journal().withFsync(FsyncPolicy.INTERVAL)).source(null).build();
    assertEquals(expected, c);
  }

  @Test
  void aClusterNodeReadsItsBrokersAndKeepsTheDefaultsItDoesNotSet() throws Exception {
    SocTinhConfig c = ConfigLoader.loadString("""
        journal:
          kind: kafka
          kafka:
            bootstrap: ["10.0.0.1:9092", "kafka-2.soc.local:9092"]
            partitions: 24
            group: tinh-a
        analyzer:
          enabled: false
        """, "soctinh.yml");
    assertEquals(List.of("10.0.0.1:9092", "kafka-2.soc.local:9092"), c.kafka().bootstrap());
    assertEquals(24, c.kafka().partitions());
    assertEquals("tinh-a", c.kafka().group());
    assertEquals(KafkaSettings.DEFAULT_TOPIC, c.kafka().topic());
    assertEquals(KafkaSettings.DEFAULT_MIN_INSYNC_REPLICAS, c.kafka().minInsyncReplicas());
    assertEquals(null, SocTinhConfig.defaults().kafka(), "a single node has no cluster journal");
  }

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
      "3145728, 3145728",
      "3145728B, 3145728",
      "3072KiB, 3145728",
      "3072 KiB, 3145728",
      "3072k, 3145728",
      "3MiB, 3145728",
      "3m, 3145728",
      "2GiB, 2147483648",
      "2g, 2147483648",
      "1TiB, 1099511627776",
      "1t, 1099511627776"})
  void sizesAcceptEveryUnit(String text, long bytes) throws ConfigException {
    SocTinhConfig c = load("journal:\n  segment_bytes: 1MiB\n  max_bytes: " + text + "\n");
    assertEquals(bytes, c.journal().maxBytes());
  }

  @Test
  void listenAcceptsIpv6InBracketsLocalhostAndPortZero() throws ConfigException, IOException {
    SocTinhConfig c = load("""
        listeners:
          syslog_udp: { listen: "udp://[::]:514" }
          syslog_tcp: { listen: "tcp://[::1]:5514" }
          syslog_tls: { listen: "tls://[2001:db8::10]:0" }
          relp: { listen: tcp://localhost:0 }
          http: { listen: http://127.0.0.1:8080 }
        """);
    assertEquals(new InetSocketAddress(InetAddress.getByName("::"), 514), c.syslogUdp().listen());
    assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 5514), c.syslogTcp().listen());
    assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::10"), 0), c.syslogTls().listen());
    assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), c.relp().listen());
    assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080), c.http().listen());
  }

  @Test
  void tcpAndUdpMayShareAPortAndSpecificAddressesMayShareOne() throws ConfigException {
    SocTinhConfig c = load("""
        listeners:
          syslog_udp: { listen: udp://0.0.0.0:514 }
          syslog_tcp: { listen: tcp://0.0.0.0:514 }
          syslog_tls: { listen: tls://10.0.0.1:6514 }
          relp: { listen: tcp://10.0.0.2:6514 }
        """);
    assertEquals(514, c.syslogUdp().listen().getPort());
    assertEquals(514, c.syslogTcp().listen().getPort());
    assertEquals(6514, c.syslogTls().listen().getPort());
    assertEquals(6514, c.relp().listen().getPort());
  }

  @Test
  void sourcesAreReadWithEveryField() throws ConfigException {
    SocTinhConfig c = load("""
        listeners:
          http: { require_token: true }
        sources:
          - agency: so-tttt
            name: "Sở Thông tin và Truyền thông"
            cidrs: [10.10.0.0/16, 10.11.0.5, "2001:db8:10::/48"]
            tls_names: [so-tttt.tinh.gov.vn, syslog.so-tttt.tinh.gov.vn]
            tokens: ["tok_AbCdEf0123456789", "b64+token/0123456789=="]
          - agency: ubnd.phuong-1
        """);
    assertEquals(List.of(
        new SourceEntry("so-tttt", "Sở Thông tin và Truyền thông", List.of("10.10.0.0/16", "10.11.0.5", "2001:db8:10::/48"),
            List.of("so-tttt.tinh.gov.vn", "syslog.so-tttt.tinh.gov.vn"), List.of("tok_AbCdEf0123456789", "b64+token/0123456789==")),
        new SourceEntry("ubnd.phuong-1", "ubnd.phuong-1", List.of(), List.of(), List.of())), c.sources());
    assertEquals(true, c.http().requireToken());
  }

  @Test
  void parseSettingsComeFromListenersAndSources() throws ConfigException {
    SocTinhConfig c = load("""
        timezone: +07:00
        listeners:
          syslog_udp: { format: rfc3164 }
          http: { format: json, parser: json }
        sources:
          - agency: so-tttt
            name: "Sở TT&TT"
            timezone: Asia/Tokyo
            format: rfc5424
          - agency: ubnd.phuong-1
        """);
    ParseSettings p = c.parsing();
    assertEquals(java.time.ZoneId.of("+07:00"), p.defaultZone());
    assertEquals(new ParseSettings.ListenerParsing(MessageFormat.RFC3164, null), p.listeners().get("syslog_udp"));
    assertEquals(new ParseSettings.ListenerParsing(MessageFormat.JSON, "json"), p.listeners().get("http"));
    assertFalse(p.listeners().containsKey("syslog_tcp"), "a listener left on auto has no entry");
    assertEquals(new ParseSettings.AgencyParsing("Sở TT&TT", java.time.ZoneId.of("Asia/Tokyo"), MessageFormat.RFC5424, null),
        p.agencies().get("so-tttt"));
    assertEquals(new ParseSettings.AgencyParsing("ubnd.phuong-1", null, null, null), p.agencies().get("ubnd.phuong-1"));
  }

  @Test
  void agencyNamesAreStoredInNfc() throws ConfigException {
    String decomposed = "So\u031B\u0309 Y te\u0302\u0301"; // "Sở Y tế" typed with combining marks
    SocTinhConfig c = load("sources:\n  - agency: so-yte\n    name: \"" + decomposed + "\"\n");
    assertEquals("Sở Y tế", c.sources().get(0).name());
  }

  @Test
  void tlsFilesAreResolvedAndClientAuthIsRead() throws ConfigException, IOException {
    for (String f : List.of("cert.pem", "key.pem", "ca.pem")) Files.writeString(tmp.resolve(f), "x");
    SocTinhConfig c = load("""
        listeners:
          syslog_tls:
            cert_file: TMP/cert.pem
            key_file: TMP/./key.pem
            client_auth: required
            client_ca_file: TMP/ca.pem
            require_known_client: true
            handshake_timeout_secs: 5
          relp:
            listen: tls://0.0.0.0:2515
            client_auth: optional
            client_ca_file: TMP/ca.pem
        """.replace("TMP", tmp.toString()));
    assertEquals(new TlsSettings(tmp.resolve("cert.pem"), tmp.resolve("key.pem"), ClientAuth.REQUIRED, tmp.resolve("ca.pem"), true, 5),
        c.syslogTls().tls());
    assertEquals(new TlsSettings(null, null, ClientAuth.OPTIONAL, tmp.resolve("ca.pem"), false, 10), c.relp().tls());
    assertEquals(2515, c.relp().listen().getPort());
  }

  @Test
  void disabledListenersAreNullAndTheirFilesAreNotChecked() throws ConfigException {
    SocTinhConfig c = load("""
        listeners:
          syslog_udp: { enabled: false }
          syslog_tcp: { enabled: false }
          syslog_tls: { enabled: false, cert_file: /nonexistent/cert.pem, key_file: /nonexistent/key.pem }
          relp: { enabled: false, listen: tcp://0.0.0.0:8080 }
          http: { enabled: false }
        """);
    assertEquals(List.of(), java.util.stream.Stream.of(c.syslogUdp(), c.syslogTcp(), c.syslogTls(), c.relp(), c.http())
        .filter(java.util.Objects::nonNull).toList());
  }

  @Test
  void relativePathsResolveAgainstTheWorkingDirectoryAndTheJournalFollowsDataDir() throws ConfigException {
    SocTinhConfig c = load("data_dir: var/soctinh\n");
    Path expected = Path.of("").toAbsolutePath().resolve("var/soctinh");
    assertEquals(expected, c.dataDir());
    assertEquals(expected.resolve("journal"), c.journal().dir());
    SocTinhConfig own = load("data_dir: var/soctinh\njournal:\n  dir: ../spool/journal\n");
    assertEquals(Path.of("").toAbsolutePath().getParent().resolve("spool/journal"), own.journal().dir());
  }

  @Test
  void journalValuesAreRead() throws ConfigException {
    SocTinhConfig c = load("""
        journal:
          dir: /srv/soctinh/journal
          segment_bytes: 64m
          max_bytes: 2TiB
          min_free_disk_bytes: 0
          fsync: none
          fsync_interval_ms: 250
          max_write_bytes: 1MiB
          max_pending_bytes: 32MiB
          keep_consumed_secs: 86400
        """);
    assertEquals(JournalConfigBuilder.builder().dir(Path.of("/srv/soctinh/journal")).segmentBytes(64L << 20).maxBytes(2L << 40).minFreeDiskBytes(0)
        .fsync(FsyncPolicy.NONE).fsyncIntervalMs(250).maxWriteBytes(1 << 20).maxPendingBytes(32L << 20).keepConsumedSecs(86_400).build(), c.journal());
  }

  @Test
  void offsetTimeZonesAreAccepted() throws ConfigException {
    assertEquals("+07:00", load("timezone: \"+07:00\"\n").timezone());
  }

  @Test
  void timezoneIsTheParsersDefaultAndTheConsolesDisplayZone() throws ConfigException {
    SocTinhConfig paris = load("timezone: Europe/Paris\n");
    assertEquals(java.time.ZoneId.of("Europe/Paris"), paris.zone());
    assertEquals(paris.zone(), paris.parsing().defaultZone(), "stamps without an offset, for agencies without a zone of their own");
    assertEquals(paris.zone(), paris.console().zone(), "what the console shows times in");
    SocTinhConfig d = ConfigLoader.defaults();
    assertEquals(vn.soctinh.analyzer.DisplayZone.DEFAULT, d.zone());
    assertEquals(vn.soctinh.analyzer.DisplayZone.DEFAULT, d.console().zone());
  }

  @Test
  void loadingAFileRemembersItsPath() throws IOException, ConfigException {
    Path f = tmp.resolve("soctinh.yml");
    Files.writeString(f, "timezone: UTC\n", StandardCharsets.UTF_8);
    SocTinhConfig c = ConfigLoader.load(f);
    assertEquals(f.toAbsolutePath(), c.source());
    assertEquals("UTC", c.timezone());
  }

  @Test
  void consoleConnectionLimitsAreReadAndBounded() throws Exception {
    assertEquals(120, ConfigLoader.defaults().console().idleTimeoutSecs());
    assertEquals(1024, ConfigLoader.defaults().console().maxConnections());
    SocTinhConfig c = ConfigLoader.loadString("console:\n  idle_timeout_secs: 30\n  max_connections: 64\n", "t.yml");
    assertEquals(30, c.console().idleTimeoutSecs());
    assertEquals(64, c.console().maxConnections());
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.loadString("console:\n  idle_timeout_secs: 0\n", "t.yml"));
    assertEquals("console.idle_timeout_secs", e.key());
    assertEquals(2, e.line());
  }

  @Test
  void shutdownDrainTimesAreReadAndBounded() throws Exception {
    SocTinhConfig c = ConfigLoader.loadString("shutdown:\n  drain_quiet_ms: 250\n  drain_max_secs: 30\n", "t.yml");
    assertEquals(new SocTinhConfig.Shutdown(250, 30), c.shutdown());
    assertEquals(new SocTinhConfig.Shutdown(2000, 10), ConfigLoader.defaults().shutdown());
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.loadString("shutdown:\n  drain_max_secs: 7200\n", "t.yml"));
    assertEquals("shutdown.drain_max_secs", e.key());
    assertEquals(2, e.line());
  }

  @Test
  void priorityTableIsReadAndABadCellIsNamed() throws Exception {
    SocTinhConfig c = ConfigLoader.loadString("priority:\n  matrix:\n    high: [P1, P1, P1, P1, P1]\n  ioc_raise: 0\n", "t.yml");
    assertEquals(1, c.organizations().priority().of("high", 1, false));
    assertEquals(4, c.organizations().priority().of("medium", 1, true), "no raise for indicators");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.loadString("priority:\n  matrix:\n    high: [P1, P9, P1, P1, P1]\n", "t.yml"));
    assertTrue(e.getMessage().contains("P9"), e.getMessage());
    assertEquals(3, e.line());
    e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.loadString("priority:\n  matrix:\n    low: [P1, P2]\n", "t.yml"));
    assertEquals("priority.matrix.low", e.key());
  }

  @Test
  void eachSendersShareOfCorrelationWindowsIsReadAndBoundedByMaxGroups() throws Exception {
    assertEquals(100_000, ConfigLoader.defaults().detection().maxGroups());
    assertEquals(10_000, ConfigLoader.defaults().detection().maxGroupsPerSender(), "a tenth of max_groups by default");
    assertEquals(5_000, ConfigLoader.loadString("detection:\n  max_groups: 50000\n", "t.yml").detection().maxGroupsPerSender(),
        "without the key, a tenth of the max_groups given");
    SocTinhConfig c = ConfigLoader.loadString("detection:\n  max_groups: 2000\n  max_groups_per_sender: 2000\n", "t.yml");
    assertEquals(2000, c.detection().maxGroupsPerSender(), "up to max_groups: no share");
    assertEquals(1, ConfigLoader.loadString("detection:\n  max_groups_per_sender: 1\n", "t.yml").detection().maxGroupsPerSender());
    for (String bad : List.of("detection:\n  max_groups: 2000\n  max_groups_per_sender: 2001\n", "detection:\n  max_groups_per_sender: 0\n")) {
      ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.loadString(bad, "t.yml"));
      assertEquals("detection.max_groups_per_sender", e.key());
      assertTrue(e.getMessage().contains("must be between 1 and " + (bad.contains("2000") ? "2000" : "100000")), e.getMessage());
    }
  }
}
