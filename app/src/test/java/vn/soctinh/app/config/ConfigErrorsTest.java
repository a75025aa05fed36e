package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigErrorsTest {
  @TempDir Path tmp;

  @BeforeEach
  void certificateFiles() throws IOException {
    for (String f : List.of("cert.pem", "key.pem", "ca.pem")) Files.writeString(tmp.resolve(f), "-----BEGIN X-----\n");
  }

  /** name, yaml ({@code TMP} = a directory with cert.pem, key.pem, ca.pem), key, line, message fragment. */
  static Stream<Arguments> badFiles() {
    return Stream.of(
        row("unknown message format on a listener", "listeners:\n  syslog_udp:\n    format: rfc3146\n",
            "listeners.syslog_udp.format", 3, "expected one of auto|rfc5424|rfc3164|json|cef|leef|netflow but was \"rfc3146\""),
        row("unknown parser on a listener", "listeners:\n  syslog_tcp:\n    parser: fortigat\n",
            "listeners.syslog_tcp.parser", 3, "expected auto (choose by program name and content) or one of"),
        row("unknown time zone of a source", "sources:\n  - agency: so-tttt\n    timezone: Asia/Hanoi_City\n",
            "sources[0].timezone", 3, "expected a time zone like Asia/Ho_Chi_Minh or +07:00 but was \"Asia/Hanoi_City\""),
        row("unknown format of a source", "sources:\n  - agency: so-tttt\n    format: syslog\n",
            "sources[0].format", 3, "expected one of auto|rfc5424"),
        row("unknown store kind", "analyzer:\n  store: opensearch\n",
            "analyzer.store", 2, "expected lucene or elasticsearch but was \"opensearch\""),
        row("elasticsearch store without a URL", "analyzer:\n  store: elasticsearch\n",
            "analyzer.elasticsearch.urls", 2, "give at least one URL"),
        row("elasticsearch URL that is not one", "analyzer:\n  elasticsearch:\n    urls: [127.0.0.1:9200]\n",
            "analyzer.elasticsearch.urls[0]", 3, "expected a URL like http://127.0.0.1:9200 but was \"127.0.0.1:9200\""),
        row("elasticsearch index prefix in capitals", "analyzer:\n  elasticsearch:\n    index_prefix: SocTinh\n",
            "analyzer.elasticsearch.index_prefix", 3, "expected lower-case letters"),
        row("elasticsearch pending limit below the bulk size", "analyzer:\n  elasticsearch:\n    bulk_operations: 5000\n    pending_limit: 100\n",
            "analyzer.elasticsearch.pending_limit", 4, "must be at least bulk_operations (5000)"),
        row("misspelt elasticsearch key", "analyzer:\n  elasticsearch:\n    replica: 0\n",
            "analyzer.elasticsearch.replica", 3, "did you mean \"replicas\"?"),
        row("unknown top-level key", "data_dir: ./data\nlistner:\n  x: 1\n",
            "listner", 2, "unknown key \"listner\"; did you mean \"listeners\"?"),
        row("unknown nested key with did-you-mean", "listeners:\n  syslog_tcp:\n    max_fram_bytes: 1KiB\n",
            "listeners.syslog_tcp.max_fram_bytes", 3, "did you mean \"max_frame_bytes\"?"),
        row("unknown listener name", "listeners:\n  syslog_tpc: {}\n",
            "listeners.syslog_tpc", 2, "did you mean \"syslog_tcp\"?"),
        row("unknown key far from every known key lists the known keys", "journal:\n  colour: red\n",
            "journal.colour", 2, "known keys here: dir, fsync, fsync_interval_ms,"),
        row("string where a whole number belongs", "listeners:\n  syslog_tcp:\n    max_connections: lots\n",
            "listeners.syslog_tcp.max_connections", 3, "expected a whole number but was \"lots\""),
        row("unknown report schedule", "reports:\n  schedule: [daily]\n",
            "reports.schedule[0]", 2, "weekly or monthly, not daily"),
        row("drill injector that is not an address range", "drills:\n  injectors: [127.0.0.0/8, the-red-team]\n",
            "drills.injectors[1]", 2, "the-red-team"),
        row("unknown drills key", "drills:\n  injector: [127.0.0.1/32]\n",
            "drills.injector", 2, "did you mean \"injectors\"?"),
        row("console on a syslog scheme", "console:\n  listen: tcp://0.0.0.0:8443\n",
            "console.listen", 2, "expected https://HOST:PORT or http://HOST:PORT"),
        row("console certificate without its key", "console:\n  cert_file: TMP/cert.pem\n",
            "console.key_file", 2, "cert_file and key_file go together"),
        row("console origin with a path", "console:\n  public_origin: https://soc.tinh.gov.vn/console\n",
            "console.public_origin", 2, "without a path"),
        row("console lockout of zero", "console:\n  lockout_failures: 0\n",
            "console.lockout_failures", 2, "must be between 1 and 100"),
        row("list where a mapping belongs", "listeners: [syslog_tcp]\n",
            "listeners", 1, "expected a mapping of settings but was a list"),
        row("mapping where a scalar belongs", "timezone:\n  zone: Asia/Ho_Chi_Minh\n",
            "timezone", 2, "expected a time zone like Asia/Ho_Chi_Minh but was a mapping"),
        row("size that is not a number", "listeners:\n  syslog_tcp:\n    max_frame_bytes: abc\n",
            "listeners.syslog_tcp.max_frame_bytes", 3, "expected a positive size like 65536 or 64KiB but was \"abc\""),
        row("size with an ambiguous unit", "listeners:\n  syslog_tcp:\n    max_frame_bytes: 64KB\n",
            "listeners.syslog_tcp.max_frame_bytes", 3, "(write 64KiB; sizes are 1024-based)"),
        row("size with an unknown unit", "journal:\n  max_bytes: 10 furlongs\n",
            "journal.max_bytes", 2, "(units: B, KiB, MiB, GiB, TiB or k, m, g, t)"),
        row("negative size", "listeners:\n  syslog_udp:\n    rcvbuf_bytes: -1\n",
            "listeners.syslog_udp.rcvbuf_bytes", 3, "expected a positive size like 65536 or 64KiB but was \"-1\""),
        row("frame size above 64MiB", "listeners:\n  relp:\n    max_frame_bytes: 128MiB\n",
            "listeners.relp.max_frame_bytes", 3, "must be between 1KiB and 64MiB but was 128MiB"),
        row("segment below 1MiB", "journal:\n  segment_bytes: 512KiB\n",
            "journal.segment_bytes", 2, "must be between 1MiB and 8GiB but was 512KiB"),
        row("duration with a unit suffix", "listeners:\n  syslog_tcp:\n    idle_timeout_secs: 15m\n",
            "listeners.syslog_tcp.idle_timeout_secs", 3, "expected a whole number of seconds but was \"15m\""),
        row("port out of range", "listeners:\n  syslog_tcp:\n    listen: tcp://0.0.0.0:70000\n",
            "listeners.syslog_tcp.listen", 3, "the port must be a number from 0 to 65535"),
        row("port missing", "listeners:\n  http:\n    listen: http://127.0.0.1\n",
            "listeners.http.listen", 3, "the port is missing"),
        row("scheme that does not fit the listener", "listeners:\n  syslog_tcp:\n    listen: udp://0.0.0.0:5514\n",
            "listeners.syslog_tcp.listen", 3, "expected tcp://HOST:PORT but was \"udp://0.0.0.0:5514\""),
        row("relp accepts only tcp or tls", "listeners:\n  relp:\n    listen: http://0.0.0.0:2514\n",
            "listeners.relp.listen", 3, "expected tcp://HOST:PORT or tls://HOST:PORT but was"),
        row("host name instead of an address", "listeners:\n  syslog_tcp:\n    listen: tcp://siem.tinh.gov.vn:5514\n",
            "listeners.syslog_tcp.listen", 3, "host \"siem.tinh.gov.vn\" is not an IP address"),
        row("IPv4 address with a part over 255", "listeners:\n  syslog_tcp:\n    listen: tcp://10.0.0.256:5514\n",
            "listeners.syslog_tcp.listen", 3, "host \"10.0.0.256\" is not an IP address"),
        row("IPv6 address without brackets", "listeners:\n  syslog_tcp:\n    listen: tcp://::1:5514\n",
            "listeners.syslog_tcp.listen", 3, "an IPv6 address needs brackets"),
        row("fsync value not in the list", "journal:\n  fsync: always\n",
            "journal.fsync", 2, "expected one of every-batch, interval, none but was \"always\""),
        row("yes is not a boolean", "listeners:\n  syslog_udp:\n    enabled: yes\n",
            "listeners.syslog_udp.enabled", 3, "expected true or false but was \"yes\""),
        row("CIDR prefix out of range", "sources:\n  - agency: so-tttt\n    cidrs: [10.10.0.0/33]\n",
            "sources[0].cidrs[0]", 3, "prefix length must be 0 to 32 in \"10.10.0.0/33\""),
        row("CIDR with host bits set", "sources:\n  - agency: so-tttt\n    cidrs:\n      - 10.10.0.0/16\n      - 10.20.1.0/16\n",
            "sources[0].cidrs[1]", 5, "did you mean 10.20.0.0/16?"),
        row("CIDR that is not an address", "sources:\n  - agency: so-tttt\n    cidrs: [so-tttt.lan/24]\n",
            "sources[0].cidrs[0]", 3, "expected an IPv4 or IPv6 network like 10.10.0.0/16"),
        row("agency id with capitals and diacritics", "sources:\n  - agency: Sở-TTTT\n",
            "sources[0].agency", 2, "expected an id like so-tttt"),
        row("agency id unassigned is reserved", "sources:\n  - agency: unassigned\n",
            "sources[0].agency", 2, "\"unassigned\" is reserved"),
        row("agency id missing", "sources:\n  - name: Sở Y tế\n    cidrs: [10.1.0.0/16]\n",
            "sources[0].agency", 2, "is required"),
        row("agency defined twice", "sources:\n  - agency: so-yte\n  - agency: so-yte\n",
            "sources[1].agency", 3, "agency so-yte is already defined at sources[0].agency (line 2)"),
        row("same CIDR for two agencies", "sources:\n  - agency: so-tttt\n    cidrs: [10.10.0.0/16]\n  - agency: so-yte\n    cidrs: [10.30.0.0/16, 10.10.0.0/16]\n",
            "sources[1].cidrs[1]", 5, "10.10.0.0/16 is already listed for agency so-tttt at sources[0].cidrs[0] (line 3)"),
        row("same IPv6 network written two ways", "sources:\n  - agency: a\n    cidrs: ['2001:db8::/32']\n  - agency: b\n    cidrs: ['2001:0db8:0::/32']\n",
            "sources[1].cidrs[0]", 5, "is already listed for agency a at sources[0].cidrs[0] (line 3)"),
        row("same TLS name for two agencies, differing in case", "sources:\n  - agency: a\n    tls_names: [a.tinh.gov.vn]\n  - agency: b\n    tls_names: [A.Tinh.Gov.Vn]\n",
            "sources[1].tls_names[0]", 5, "TLS name A.Tinh.Gov.Vn is already listed for agency a"),
        row("same token for two agencies", "sources:\n  - agency: a\n    tokens: [tok-0123456789abcdef]\n  - agency: b\n    tokens: [tok-0123456789abcdef]\n",
            "sources[1].tokens[0]", 5, "this token is already listed for agency a at sources[0].tokens[0] (line 3)"),
        row("token too short", "sources:\n  - agency: a\n    tokens: [short]\n",
            "sources[0].tokens[0]", 3, "expected a token of 16 to 512 characters"),
        row("unknown key in a source entry", "sources:\n  - agency: a\n    cidr: [10.0.0.0/8]\n",
            "sources[0].cidr", 3, "did you mean \"cidrs\"?"),
        row("single string where a list belongs", "sources:\n  - agency: a\n    cidrs: 10.0.0.0/8\n",
            "sources[0].cidrs", 3, "expected a list like [a, b] but was \"10.0.0.0/8\""),
        row("missing certificate file", "listeners:\n  syslog_tls:\n    cert_file: TMP/missing.pem\n    key_file: TMP/key.pem\n",
            "listeners.syslog_tls.cert_file", 3, "file not found: TMP/missing.pem"),
        row("certificate without key", "listeners:\n  syslog_tls:\n    cert_file: TMP/cert.pem\n",
            "listeners.syslog_tls.cert_file", 3, "cert_file is set but key_file is empty"),
        row("client_auth required without a CA", "listeners:\n  syslog_tls:\n    client_auth: required\n",
            "listeners.syslog_tls.client_auth", 3, "client_auth: required needs client_ca_file"),
        row("client_auth value not in the list", "listeners:\n  syslog_tls:\n    client_auth: mandatory\n",
            "listeners.syslog_tls.client_auth", 3, "expected one of none, optional, required but was \"mandatory\""),
        row("require_known_client without client certificates", "listeners:\n  syslog_tls:\n    require_known_client: true\n",
            "listeners.syslog_tls.require_known_client", 3, "needs client_auth optional or required"),
        row("TLS key on relp over plain tcp", "listeners:\n  relp:\n    cert_file: TMP/cert.pem\n",
            "listeners.relp.cert_file", 3, "applies only when listen is tls://"),
        row("two TCP listeners on one port, one of them default", "listeners:\n  relp:\n    listen: tcp://0.0.0.0:5514\n",
            "listeners.relp.listen", 3, "port 5514 is already used by listeners.syslog_tcp.listen \"tcp://0.0.0.0:5514\" (default)"),
        row("two TCP listeners on one port, both in the file", "listeners:\n  syslog_tcp:\n    listen: tcp://127.0.0.1:9000\n  http:\n    listen: http://0.0.0.0:9000\n",
            "listeners.http.listen", 5, "port 9000 is already used by listeners.syslog_tcp.listen \"tcp://127.0.0.1:9000\" (line 3)"),
        row("a file port that a default listener already has", "listeners:\n  syslog_tcp:\n    listen: tcp://0.0.0.0:6514\n",
            "listeners.syslog_tcp.listen", 3, "port 6514 is already used by listeners.syslog_tls.listen"),
        row("two UDP listeners on one port, one of them default", "listeners:\n  ipfix:\n    listen: udp://0.0.0.0:2055\n",
            "listeners.ipfix.listen", 3, "port 2055 is already used by listeners.netflow.listen \"udp://0.0.0.0:2055\" (default)"),
        row("netflow on the syslog UDP port", "listeners:\n  netflow:\n    listen: udp://127.0.0.1:5514\n",
            "listeners.netflow.listen", 3, "port 5514 is already used by listeners.syslog_udp.listen \"udp://0.0.0.0:5514\" (default)"),
        row("flow listener with a TCP URI", "listeners:\n  netflow:\n    listen: tcp://0.0.0.0:2055\n",
            "listeners.netflow.listen", 3, "expected udp://HOST:PORT but was \"tcp://0.0.0.0:2055\""),
        row("unknown format on the ipfix listener", "listeners:\n  ipfix:\n    format: ipfix\n",
            "listeners.ipfix.format", 3, "expected one of auto|rfc5424|rfc3164|json|cef|leef|netflow but was \"ipfix\""),
        row("a content parser on a flow listener", "listeners:\n  netflow:\n    parser: auto\n",
            "listeners.netflow.parser", 3, "unknown key \"parser\""),
        row("flow datagram limit above what UDP carries", "listeners:\n  netflow:\n    max_message_bytes: 128KiB\n",
            "listeners.netflow.max_message_bytes", 3, "must be between 480 and 65535 but was 128KiB"),
        row("negative template timeout", "flows:\n  template_timeout_secs: -5\n",
            "flows.template_timeout_secs", 2, "must be between 0 and 604800 but was -5"),
        row("template timeout with a unit", "flows:\n  template_timeout_secs: 30m\n",
            "flows.template_timeout_secs", 2, "expected a whole number of seconds but was \"30m\""),
        row("no templates at all", "flows:\n  max_templates: 0\n",
            "flows.max_templates", 2, "must be between 1 and 1000000 but was 0"),
        row("exporters that are not a number", "flows:\n  max_exporters: many\n",
            "flows.max_exporters", 2, "expected a whole number but was \"many\""),
        row("pending buffer over 1GiB", "flows:\n  max_pending_bytes: 2GiB\n",
            "flows.max_pending_bytes", 2, "must be between 0 and 1GiB but was 2GiB"),
        row("more held per template than in total", "flows:\n  max_pending_bytes: 64KiB\n  max_pending_bytes_per_template: 1MiB\n",
            "flows.max_pending_bytes_per_template", 3, "must not be more than max_pending_bytes (64KiB) but was 1MiB"),
        row("unknown key in flows", "flows:\n  template_timeout: 60\n",
            "flows.template_timeout", 2, "did you mean \"template_timeout_secs\"?"),
        row("more connections per source than in total", "listeners:\n  syslog_tcp:\n    max_connections: 10\n    max_connections_per_source: 64\n",
            "listeners.syslog_tcp.max_connections_per_source", 4, "must not be more than max_connections (10) but was 64"),
        row("more silent-source slots per agency than in total", "silence:\n  max_sources: 100\n  max_sources_per_agency: 500\n",
            "silence.max_sources_per_agency", 3, "must not be more than max_sources (100) but was 500"),
        row("in-flight budget smaller than one frame", "listeners:\n  syslog_tcp:\n    max_frame_bytes: 1MiB\n    max_inflight_bytes: 512KiB\n",
            "listeners.syslog_tcp.max_inflight_bytes", 4, "must be at least max_frame_bytes (1MiB) but was 512KiB"),
        row("journal budget below two segments", "journal:\n  segment_bytes: 1GiB\n  max_bytes: 1GiB\n",
            "journal.max_bytes", 3, "must be at least twice segment_bytes (2GiB) but was 1GiB"),
        row("journal kind not in the list", "journal:\n  kind: zookeeper\n",
            "journal.kind", 2, "expected embedded or kafka but was \"zookeeper\""),
        row("a cluster journal without brokers", "journal:\n  kind: kafka\n  kafka:\n    topic: t\nanalyzer:\n  enabled: false\n",
            "journal.kafka.bootstrap", 4, "journal.kind: kafka needs the brokers"),
        row("a broker without a port", "journal:\n  kind: kafka\n  kafka:\n    bootstrap: [kafka-1]\n",
            "journal.kafka.bootstrap[0]", 4, "expected host:port but was \"kafka-1\""),
        row("more copies to wait for than copies", "journal:\n  kafka:\n    replication: 2\n    min_insync_replicas: 3\n",
            "journal.kafka.min_insync_replicas", 4, "must be at most replication (2) but was 3"),
        row("a cluster node storing in its own Lucene", "journal:\n  kind: kafka\n  kafka:\n    bootstrap: [\"k1:9092\"]\n",
            "journal.kind", 2, "a cluster node (journal.kind: kafka) that analyses stores in Elasticsearch"),
        row("require_token with no tokens anywhere", "listeners:\n  http:\n    require_token: true\n",
            "listeners.http.require_token", 3, "no agency in sources has tokens"),
        row("time zone that does not exist", "timezone: Asia/Hanoi\n",
            "timezone", 1, "expected a time zone like Asia/Ho_Chi_Minh or +07:00 but was \"Asia/Hanoi\""),
        row("empty data_dir", "data_dir: \"\"\n",
            "data_dir", 1, "must not be empty"),
        row("duplicate key", "data_dir: ./a\ntimezone: UTC\ndata_dir: ./b\n",
            "data_dir", 3, "duplicate key; first set (line 1)"),
        row("custom YAML tag", "timezone: !zone Asia/Ho_Chi_Minh\n",
            "timezone", 1, "unsupported YAML tag \"!zone\""),
        row("YAML syntax error, line from the parser", "data_dir: ./data\njournal:\n  dir: a: b\n",
            null, 3, "invalid YAML: mapping values are not allowed here"),
        row("unclosed flow list", "sources:\n  - agency: a\n    cidrs: [10.0.0.0/8\n",
            null, 4, "invalid YAML: while parsing a flow sequence"),
        row("tab indentation", "listeners:\n\tsyslog_tcp: {}\n",
            null, 2, "invalid YAML"),
        row("the !2%E input that makes snakeyaml throw IllegalArgumentException", "!2%E",
            null, 1, "invalid YAML: "),
        row("two YAML documents", "data_dir: ./a\n---\ndata_dir: ./b\n",
            null, 2, "expected a single document"),
        row("top level is not a mapping", "- data_dir\n",
            null, 1, "expected a mapping of settings like \"data_dir: ./data\" at the top level but was a list"));
  }

  private static Arguments row(String name, String yaml, String key, int line, String fragment) {
    return Arguments.of(name, yaml, key, line, fragment);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void eachBadValueIsReportedWithItsKeyAndLine(String name, String yaml, String key, int line, String fragment) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadString(yaml.replace("TMP", tmp.toString()), "soctinh.yml"));
    ConfigProblem first = e.problems().get(0);
    assertEquals(key, first.key(), e.getMessage());
    assertEquals(line, first.line(), e.getMessage());
    assertTrue(first.column() > 0, e.getMessage());
    assertTrue(first.message().contains(fragment.replace("TMP", tmp.toString())), () -> "expected \"" + fragment + "\" in: " + e.getMessage());
    assertEquals("soctinh.yml", first.file());
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "\n\n", "# only a comment\n", "# soctinh.yml\n\n   # indented comment\n---\n", "~\n", "\uFEFF# with a byte order mark\n"})
  void aDocumentWithNoSettingsGivesTheDefaults(String yaml) throws ConfigException {
    assertEquals(SocTinhConfig.defaults(), ConfigLoader.loadString(yaml, "soctinh.yml"));
  }

  @Test
  void theMessageIsFileLineColumnKeyAndReason() {
    String yaml = "listeners:\n  syslog_tcp:\n    max_frame_bytes: abc\n";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadString(yaml, "soctinh.yml"));
    assertEquals("soctinh.yml:3:22: listeners.syslog_tcp.max_frame_bytes: expected a positive size like 65536 or 64KiB but was \"abc\"",
        e.getMessage());
    assertEquals("listeners.syslog_tcp.max_frame_bytes", e.key());
    assertEquals(3, e.line());
    assertEquals(22, e.column());
    assertEquals(2, ConfigException.EXIT_CODE);
  }

  @Test
  void theUnknownKeyIsPointedAtByItsOwnColumn() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.loadString("listeners:\n  syslog_udp: { enabled: true, lisen: udp://0.0.0.0:514 }\n", "x.yml"));
    assertEquals("x.yml:2:32: listeners.syslog_udp.lisen: unknown key \"lisen\"; did you mean \"listen\"?", e.getMessage());
  }

  @Test
  void theBangTwoPercentEInputPointsAtWhereTheScannerStopped() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadString("!2%E", "soctinh.yml"));
    assertEquals("soctinh.yml:1:5: invalid YAML: Tag must not contain leading or trailing spaces.", e.getMessage());
  }

  @Test
  void severalErrorsAreReportedTogetherInFileOrder() {
    String yaml = """
        data_dir: ./data
        timezon: Asia/Ho_Chi_Minh
        listeners:
          syslog_tcp:
            max_frame_bytes: 1x
          http:
            enabled: no
        journal:
          fsync: sometimes
        sources:
          - agency: BAD
        """;
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadString(yaml, "soctinh.yml"));
    assertEquals(List.of("timezon", "listeners.syslog_tcp.max_frame_bytes", "listeners.http.enabled", "journal.fsync", "sources[0].agency"),
        e.problems().stream().map(ConfigProblem::key).toList());
    assertEquals(List.of(2, 5, 7, 9, 11), e.problems().stream().map(ConfigProblem::line).toList());
    String[] lines = e.getMessage().split("\n");
    assertEquals(5, lines.length);
    assertTrue(lines[0].startsWith("soctinh.yml:2:1: timezon: unknown key \"timezon\"; did you mean \"timezone\"?"), lines[0]);
    assertTrue(lines[4].startsWith("soctinh.yml:11:13: sources[0].agency: expected an id like so-tttt"), lines[4]);
  }

  @Test
  void tokensNeverAppearInMessages() {
    String secret = "s3cr3t token with spaces";
    String yaml = "sources:\n  - agency: a\n    tokens: [\"" + secret + "\"]\n";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadString(yaml, "soctinh.yml"));
    assertEquals("sources[0].tokens[0]", e.key());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  @Test
  void aMissingFileIsAnErrorWithoutALine() {
    Path missing = tmp.resolve("nope.yml");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
    assertEquals(missing + ": file not found", e.getMessage());
    assertEquals(0, e.line());
    assertEquals(null, e.key());
  }

  @Test
  void aFileThatIsNotUtf8IsAnErrorWithoutALine() throws IOException {
    Path latin1 = tmp.resolve("latin1.yml");
    Files.write(latin1, new byte[] {'d', 'a', 't', 'a', '_', 'd', 'i', 'r', ':', ' ', (byte) 0xE9, '\n'});
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(latin1));
    assertEquals(latin1 + ": not UTF-8 text", e.getMessage());
  }

  @Test
  void aDisabledListenerIsStillCheckedForUnknownKeys() {
    String yaml = "listeners:\n  syslog_tls:\n    enabled: false\n    cert_fil: x.pem\n";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadString(yaml, "soctinh.yml"));
    assertEquals("listeners.syslog_tls.cert_fil", e.key());
  }
}
