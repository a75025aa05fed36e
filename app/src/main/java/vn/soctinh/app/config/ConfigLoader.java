package vn.soctinh.app.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import vn.soctinh.analyzer.decode.netflow.FlowSettings;
import vn.soctinh.analyzer.detect.Detector;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.app.config.ListenersSection.Listeners;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.source.SourceEntry;

/**
 * Reads {@code soctinh.yml} into a {@link SocTinhConfig}. The YAML is composed into a node tree
 * (snakeyaml-engine, no object binding) so that every value keeps its line, then walked with
 * {@link ConfigNode}. Every problem is collected and thrown together as one {@link ConfigException}
 * in file order, each naming the key's dotted path, line and column.
 *
 * <p>Relative paths ({@code data_dir}, {@code journal.dir}, certificate files) are resolved against
 * the working directory of the process, not the directory of the file; an empty {@code journal.dir}
 * means {@code <data_dir>/journal}. An empty file, or one with only comments, gives the defaults.
 *
 * <p>It never binds sockets or creates directories; the only I/O is reading the file and checking
 * that the certificate files named exist.
 */
public final class ConfigLoader {
  static final String DEFAULT_DATA_DIR = "./data";
  static final String DEFAULT_TIMEZONE = vn.soctinh.analyzer.DisplayZone.DEFAULT.getId();

  private ConfigLoader() {}

  public static SocTinhConfig load(Path file) throws ConfigException {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(new ConfigProblem(name, 0, 0, null, "file not found"));
    } catch (CharacterCodingException e) {
      throw new ConfigException(new ConfigProblem(name, 0, 0, null, "not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(new ConfigProblem(name, 0, 0, null, "cannot read the file: " + e));
    }
    return parse(text, name, file.toAbsolutePath().normalize());
  }

  /** Reads YAML text; {@code sourceName} is what messages call it (e.g. "soctinh.yml"). */
  public static SocTinhConfig loadString(String yaml, String sourceName) throws ConfigException {
    return parse(yaml, sourceName, null);
  }

  /** The built-in defaults: the same reader run over an empty document. */
  public static SocTinhConfig defaults() {
    try {
      return parse("", "<defaults>", null);
    } catch (ConfigException e) {
      throw new IllegalStateException("the built-in defaults are invalid: " + e.getMessage(), e);
    }
  }

  /**
   * A problem about one key found after loading (a figure checked against a file the loader does not
   * read, such as a regulation pack), placed at the key's value in {@code source} (its section when
   * the key is absent); without a file (built-in defaults), at no line.
   *
   * @param dottedKey {@code retention.level_days.3}
   */
  public static ConfigProblem problemAt(Path source, String dottedKey, String message) {
    if (source == null) return new ConfigProblem("<defaults>", 0, 0, dottedKey, message);
    Position at = Position.NONE;
    try {
      Problems ignored = new Problems(source.toString());
      Node node = compose(Files.readString(source, StandardCharsets.UTF_8), source.toString(), ignored);
      for (String part : dottedKey.split("\\.")) {
        if (!(node instanceof org.snakeyaml.engine.v2.nodes.MappingNode map)) break;
        Node next = null;
        for (org.snakeyaml.engine.v2.nodes.NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode k && k.getValue().equals(part)) next = t.getValueNode();
        }
        if (next == null) break;
        node = next;
        at = Position.of(next);
      }
    } catch (IOException e) {
      // the file changed or vanished since it was loaded: the key alone still says what to fix
    }
    return new ConfigProblem(source.toString(), at.line(), at.column(), dottedKey, message);
  }

  /** Every dotted key the reader knows, except those inside {@code sources} entries (for tests). */
  static Set<String> keysOfDefaults() {
    Problems problems = new Problems("<defaults>");
    read(ConfigNode.root(null, problems), null);
    return problems.keysRead();
  }

  private static SocTinhConfig parse(String yaml, String name, Path source) throws ConfigException {
    Problems problems = new Problems(name);
    Node root = compose(yaml, name, problems);
    if (!problems.isEmpty()) throw problems.toException();
    SocTinhConfig config = read(ConfigNode.root(root, problems), source);
    if (!problems.isEmpty()) throw problems.toException();
    return config;
  }

  /** The document's root node, or null when it is empty or has a syntax error (then reported). */
  private static Node compose(String yaml, String name, Problems problems) {
    // YAML 1.2 core schema: ~, null and "" are null; yes/no/on/off stay strings (and are refused as booleans)
    try {
      return vn.soctinh.analyzer.YamlNodes.compose(yaml, name);
    } catch (vn.soctinh.analyzer.FileProblem e) {
      problems.add(new Position(e.line(), e.column()), null, "invalid " + e.getMessage());
      return null;
    }
  }

  private static SocTinhConfig read(ConfigNode root, Path source) {
    Path dataDir = root.filePath("data_dir", DEFAULT_DATA_DIR);
    if (dataDir == null) {
      root.error("data_dir", "must not be empty");
      dataDir = Path.of(DEFAULT_DATA_DIR).toAbsolutePath().normalize();
    }
    String timezone = root.value("timezone", DEFAULT_TIMEZONE, "expected a time zone like Asia/Ho_Chi_Minh", ConfigLoader::zone);
    SourcesSection.Sources read = SourcesSection.read(root);
    List<SourceEntry> sources = read.entries();
    Listeners l = ListenersSection.read(root, sources.stream().anyMatch(s -> !s.tokens().isEmpty()));
    JournalSection.Read journalRead = JournalSection.read(root, dataDir);
    JournalConfig journal = journalRead.journal();
    ConfigNode sd = root.section("shutdown");
    SocTinhConfig.Shutdown shutdown = new SocTinhConfig.Shutdown(
        sd.duration("drain_quiet_ms", SocTinhConfig.Shutdown.DEFAULT_DRAIN_QUIET_MS, 0, 60_000),
        sd.duration("drain_max_secs", SocTinhConfig.Shutdown.DEFAULT_DRAIN_MAX_SECS, 0, 3600));
    sd.finish();
    FlowSettings flows = FlowsSection.read(root);
    ConfigNode an = root.section("analyzer");
    boolean analyzerOn = an.bool("enabled", true);
    Path storeDir = an.filePath("store_dir", "");
    String storeKind = an.value("store", "lucene", "expected lucene or elasticsearch",
        t -> t.equals("lucene") || t.equals("elasticsearch") ? Parsed.ok(t) : Parsed.expected("expected lucene or elasticsearch", t));
    SocTinhConfig.Analyzer analyzer = SocTinhConfigAnalyzerBuilder.builder().enabled(analyzerOn)
        .storeDir(storeDir != null ? storeDir : dataDir.resolve("store"))
        .batchRecords(an.intValue("batch_records", SocTinhConfig.Analyzer.DEFAULT_BATCH_RECORDS, 1, 100_000))
        .commitIntervalMs(an.duration("commit_interval_ms", SocTinhConfig.Analyzer.DEFAULT_COMMIT_INTERVAL_MS, 10, 600_000))
        .elasticsearch(ElasticsearchSection.read(an, storeKind.equals("elasticsearch")))
        .workers(perCore(an.intValue("workers", 0, 0, 256))).fieldGuard(an.bool("field_guard", true)).limits(limits(an.section("limits")))
        .sharedBatches(an.intValue("shared_batches", SocTinhConfig.Analyzer.DEFAULT_SHARED_BATCHES, 0, 1000))
        .queryTimeoutMs(an.duration("query_timeout_ms", vn.soctinh.analyzer.store.lucene.LuceneEventStore.DEFAULT_QUERY_TIMEOUT_MS, 10, 600_000))
        .build();
    an.finish();
    if (journalRead.kafka() != null && analyzerOn && analyzer.elasticsearch() == null) {
      // each node's embedded store would hold only the events of its partitions
      root.section("journal").error("kind", "a cluster node (journal.kind: kafka) that analyses stores in Elasticsearch: set analyzer.store: "
          + "elasticsearch, or analyzer.enabled: false for a node that only collects");
    }
    ConfigNode dn = root.section("detection");
    List<Path> ruleDirs = new ArrayList<>();
    List<ConfigNode.Located<String>> dirs = dn.strings("rules");
    if (dn.has("rules")) {
      for (ConfigNode.Located<String> d : dirs) ruleDirs.add(installed(dn, d));
    } else {
      ruleDirs.add(Installation.current().resolve("rules/sigma"));
    }
    // after the shipped ones: a local rule with a shipped rule's id replaces it (SigmaRules.load)
    for (ConfigNode.Located<String> d : dn.strings("local_rules")) ruleDirs.add(installed(dn, d));
    int maxGroups = dn.intValue("max_groups", 100_000, 1, 10_000_000);
    SocTinhConfig.Detection detection = SocTinhConfigDetectionBuilder.builder().enabled(dn.bool("enabled", true)).ruleDirs(List.copyOf(ruleDirs))
        .mapping(shipped(dn, "mapping", "rules/sigma-mapping.yml")).latenessSecs(dn.duration("lateness_secs", 60, 0, 86_400)).maxGroups(maxGroups)
        .maxGroupsPerSender(dn.intValue("max_groups_per_sender", Detector.Settings.defaultShare(maxGroups), 1, maxGroups)).iocDirs(iocDirs(dn))
        .reloadMs(dn.duration("reload_ms", 2000, 0, 3_600_000)).suppressSecs(dn.duration("suppress_secs", 600, 0, 7 * 86_400))
        .suppressBy(suppressBy(dn)).shards(perCore(dn.intValue("shards", 0, 0, 256)))
        .commitIntervalMs(dn.duration("commit_interval_ms", SocTinhConfig.Detection.DEFAULT_COMMIT_INTERVAL_MS, 10, 600_000))
        .build();
    dn.finish();
    SocTinhConfig.Organizations organizations = organizations(root.section("organizations"), root.section("priority"));
    SocTinhConfig.Incidents incidents = incidents(root.section("incidents"));
    SocTinhConfig.Silence silence = silence(root.section("silence"));
    SocTinhConfig.Notify notify = notify(root.section("notify"));
    vn.soctinh.console.ConsoleSettings console = ConsoleSection.read(root, dataDir, ZoneId.of(timezone));
    vn.soctinh.console.report.ReportSchedule.Settings reports = reports(root.section("reports"));
    vn.soctinh.analyzer.drill.Drills.Settings drills = drills(root.section("drills"));
    vn.soctinh.analyzer.retention.RetentionSettings retention = RetentionSection.read(root);
    root.finish();
    ParseSettings parsing = new ParseSettings(ZoneId.of(timezone), l.parsing(), read.parsing());
    return SocTinhConfigBuilder.builder().dataDir(dataDir).syslogUdp(l.syslogUdp()).syslogTcp(l.syslogTcp()).syslogTls(l.syslogTls()).relp(l.relp())
        .http(l.http()).journal(journal).kafka(journalRead.kafka()).sources(sources).source(source).timezone(timezone).shutdown(shutdown).parsing(parsing)
        .netflow(l.netflow()).ipfix(l.ipfix()).flows(flows).analyzer(analyzer).detection(detection).organizations(organizations)
        .incidents(incidents).silence(silence).notifications(notify).console(console).reports(reports).drills(drills).retention(retention).build();
  }

  private static vn.soctinh.analyzer.drill.Drills.Settings drills(ConfigNode n) {
    Path dir = shipped(n, "scenarios_dir", "rules/drills");
    List<String> injectors = new ArrayList<>();
    if (n.has("injectors")) {
      for (ConfigNode.Located<String> c : n.strings("injectors")) {
        Parsed<vn.soctinh.collector.source.Cidr> p = NetworkText.parse(c.value());
        if (p instanceof Parsed.Invalid<vn.soctinh.collector.source.Cidr> bad) n.error(c, bad.message());
        else injectors.add(((Parsed.Ok<vn.soctinh.collector.source.Cidr>) p).value().toString());
      }
    } else {
      for (String d : List.of("127.0.0.0/8", "::1/128")) injectors.add(((Parsed.Ok<vn.soctinh.collector.source.Cidr>) NetworkText.parse(d)).value().toString());
    }
    String via = n.string("inject_via", "");
    n.finish();
    return new vn.soctinh.analyzer.drill.Drills.Settings(dir == null ? Installation.current().resolve("rules/drills") : dir, List.copyOf(injectors), via);
  }

  private static SocTinhConfig.Organizations organizations(ConfigNode on, ConfigNode pn) {
    Path file = on.filePath("file", "");
    long reload = on.duration("reload_ms", 2000, 0, 3_600_000);
    on.finish();
    vn.soctinh.analyzer.incident.Priority d = vn.soctinh.analyzer.incident.Priority.defaults();
    java.util.Map<String, int[]> matrix = new java.util.LinkedHashMap<>(d.matrix());
    ConfigNode mn = pn.section("matrix");
    for (String level : vn.soctinh.analyzer.incident.Priority.RULE_LEVELS) {
      if (!mn.has(level)) continue;
      List<ConfigNode.Located<String>> row = mn.strings(level);
      if (row.size() != 5) {
        mn.error(level, "needs 5 priorities (P1..P4), one per security level 1..5, not " + row.size());
        continue;
      }
      int[] r = new int[5];
      for (int i = 0; i < 5; i++) {
        try {
          r[i] = vn.soctinh.analyzer.incident.Priority.parse(row.get(i).value());
        } catch (IllegalArgumentException e) {
          mn.error(row.get(i), e.getMessage());
        }
      }
      matrix.put(level, r);
    }
    mn.finish();
    int raise = pn.intValue("ioc_raise", d.iocRaise(), 0, 3);
    int unknown = pn.intValue("unknown_system_level", d.unknownLevel(), 1, 5);
    pn.finish();
    vn.soctinh.analyzer.incident.Priority priority;
    try {
      priority = new vn.soctinh.analyzer.incident.Priority(matrix, raise, unknown);
    } catch (IllegalArgumentException e) {
      priority = d; // a bad row was reported above, with its position
    }
    return new SocTinhConfig.Organizations(file, reload, priority);
  }

  private static vn.soctinh.console.report.ReportSchedule.Settings reports(ConfigNode n) {
    List<String> schedule = new ArrayList<>();
    for (ConfigNode.Located<String> k : n.strings("schedule")) {
      if (!k.value().equals("weekly") && !k.value().equals("monthly")) n.error(k, "weekly or monthly, not " + k.value());
      else if (!schedule.contains(k.value())) schedule.add(k.value());
    }
    List<String> to = new ArrayList<>();
    for (ConfigNode.Located<String> t : n.strings("to")) {
      if (!t.value().matches("[^@\\s]+@[^@\\s]+")) n.error(t, "an e-mail address, not " + t.value());
      else to.add(t.value());
    }
    int hour = n.intValue("send_hour", 7, 0, 23);
    Path templates = n.filePath("templates_dir", "");
    if (templates != null && !java.nio.file.Files.isDirectory(templates)) n.error("templates_dir", "no such directory: " + templates);
    n.finish();
    return new vn.soctinh.console.report.ReportSchedule.Settings(List.copyOf(schedule), List.copyOf(to), hour, templates);
  }

  private static SocTinhConfig.Notify notify(ConfigNode n) {
    String language = n.string("language", "vi");
    if (!language.equals("vi") && !language.equals("en")) n.error("language", "vi or en, not " + language);
    int attempts = n.intValue("attempts", 5, 1, 50);
    long firstRetry = n.duration("first_retry_ms", 2000, 10, 3_600_000);
    long deadlineCheck = n.integer("deadline_check_secs", 60, 1, 3600);
    ConfigNode m = n.section("mail");
    String host = m.string("host", "");
    int port = m.intValue("port", 587, 1, 65535);
    String starttls = m.string("starttls", "required");
    if (!List.of("required", "optional", "disabled").contains(starttls)) m.error("starttls", "required, optional or disabled, not " + starttls);
    String user = m.string("username", "");
    String password = secret(m, "password", "password_file");
    String from = m.string("from", "");
    List<String> to = new ArrayList<>();
    for (ConfigNode.Located<String> t : m.strings("to")) to.add(t.value());
    if (!host.isEmpty() && (from.isEmpty() || to.isEmpty())) m.error("host", "mail needs from and at least one address in to");
    m.finish();
    List<SocTinhConfig.Webhook> hooks = new ArrayList<>();
    for (ConfigNode w : n.mappings("webhooks")) {
      String url = w.string("url", "");
      if (!url.matches("https?://.+")) w.error("url", "an http(s) URL, not " + Parsed.quote(url));
      String secret = secret(w, "secret", "secret_file");
      if (secret.isEmpty()) w.error("secret", "a shared secret (or secret_file) to sign with is needed");
      w.finish();
      hooks.add(new SocTinhConfig.Webhook(url, secret));
    }
    n.finish();
    return new SocTinhConfig.Notify(language, attempts, firstRetry, deadlineCheck,
        new SocTinhConfig.Mail(host, port, starttls, user, password, from, List.copyOf(to)), List.copyOf(hooks));
  }

  /** A secret given inline or, better, in a file readable by the service only. */
  private static String secret(ConfigNode n, String key, String fileKey) {
    String inline = n.string(key, "");
    Path file = n.filePath(fileKey, "");
    if (file == null) return inline;
    try {
      return Files.readString(file).strip();
    } catch (java.io.IOException e) {
      n.error(fileKey, "cannot read " + file + ": " + e.getMessage());
      return "";
    }
  }

  private static SocTinhConfig.Silence silence(ConfigNode n) {
    boolean enabled = n.bool("enabled", true);
    long min = n.integer("min_silence_secs", 900, 1, 7 * 86_400);
    long max = n.integer("max_silence_secs", 86_400, 1, 30 * 86_400);
    if (max < min) n.error("max_silence_secs", "must be at least min_silence_secs (" + min + ")");
    long factor = n.integer("factor", 10, 1, 1000);
    long check = n.integer("check_secs", 30, 1, 3600);
    int maxSources = n.intValue("max_sources", 100_000, 1, 10_000_000);
    int perAgency = n.intValue("max_sources_per_agency", vn.soctinh.analyzer.sources.SilenceMonitor.Settings.DEFAULT_MAX_SOURCES_PER_AGENCY, 1, 10_000_000);
    if (perAgency > maxSources) n.error("max_sources_per_agency", "must not be more than max_sources (" + maxSources + ") but was " + perAgency);
    java.util.Map<String, Long> expected = new java.util.LinkedHashMap<>();
    for (ConfigNode e : n.mappings("expected")) {
      String source = e.string("source", "");
      if (source.isEmpty()) e.error("source", "an agency id, or agency/host");
      long secs = e.integer("silence_secs", 3600, 1, 30 * 86_400);
      e.finish();
      expected.put(source, secs);
    }
    n.finish();
    return new SocTinhConfig.Silence(enabled, min, max, factor, check, maxSources, java.util.Map.copyOf(expected), perAgency);
  }

  private static SocTinhConfig.Incidents incidents(ConfigNode n) {
    boolean enabled = n.bool("enabled", true);
    Path dir = shipped(n, "regulation_dir", "rules/regulation");
    String pack = n.string("pack", "current-2026");
    List<String> by = new ArrayList<>();
    if (n.has("group_by")) {
      for (ConfigNode.Located<String> g : n.strings("group_by")) {
        if (g.value().equals("rule") || g.value().equals("system")) by.add(g.value());
        else n.error(g, "group_by is rule and/or system, not " + g.value());
      }
    } else {
      by.addAll(List.of("rule", "system"));
    }
    long window = n.integer("window_hours", 24, 1, 24 * 90);
    int max = n.<Integer>value("max_priority", 3, "a priority P1..P4", t -> {
      try {
        return Parsed.ok(vn.soctinh.analyzer.incident.Priority.parse(t));
      } catch (IllegalArgumentException e) {
        return Parsed.invalid(e.getMessage());
      }
    });
    long lead = n.integer("warn_lead_hours", 24, 0, 24 * 30);
    long evidence = n.size("max_evidence_bytes", 100L << 20, 1, 10L << 30);
    n.finish();
    return new SocTinhConfig.Incidents(enabled, dir, pack, List.copyOf(by), window, max, lead, evidence);
  }

  private static List<String> suppressBy(ConfigNode dn) {
    if (!dn.has("suppress_by")) return vn.soctinh.analyzer.detect.AlertSuppressor.DEFAULT_KEY_FIELDS;
    List<String> out = new ArrayList<>();
    for (ConfigNode.Located<String> f : dn.strings("suppress_by")) out.add(f.value());
    return List.copyOf(out);
  }

  /** Section {@code analyzer.limits}: how large an event may be before the store; each limit moves the excess aside (FieldGuard). */
  private static vn.soctinh.analyzer.store.FieldGuard.Limits limits(ConfigNode ln) {
    var d = vn.soctinh.analyzer.store.FieldGuard.Limits.DEFAULTS;
    int fields = ln.intValue("max_fields", d.maxFields(), 32, 1_000_000);
    int arrays = ln.intValue("max_array_values", d.maxArrayValues(), 1, 1_000_000);
    int depth = ln.intValue("max_depth", d.maxDepth(), 1, 64);
    int term = ln.intValue("max_term_bytes", d.maxTermBytes(), 16, vn.soctinh.analyzer.store.FieldGuard.Limits.LUCENE_MAX_TERM_BYTES);
    int name = ln.intValue("max_field_name_bytes", d.maxFieldNameBytes(), 64, 65_536);
    ln.finish();
    return new vn.soctinh.analyzer.store.FieldGuard.Limits(fields, arrays, depth, term, name);
  }

  /**
   * A path to shipped content: by default the installation's (not the working directory's); a
   * configured value may name the installation as {@code ${SOCTINH_HOME}/...}; empty switches it off.
   */
  private static Path shipped(ConfigNode n, String key, String relative) {
    String text = n.string(key, Installation.TOKEN + "/" + relative);
    if (text.isEmpty()) return null;
    try {
      return Installation.current().expand(text);
    } catch (java.nio.file.InvalidPathException e) {
      n.error(key, "expected a file path but was " + Parsed.quote(text) + " (" + e.getReason() + ")");
      return Installation.current().resolve(relative);
    }
  }

  private static Path installed(ConfigNode n, ConfigNode.Located<String> item) {
    try {
      return Installation.current().expand(item.value());
    } catch (java.nio.file.InvalidPathException e) {
      n.error(item, "expected a file path but was " + Parsed.quote(item.value()) + " (" + e.getReason() + ")");
      return Installation.current().dir();
    }
  }

  /** A thread count where 0 means one per core. */
  private static int perCore(int n) {
    return n == 0 ? SocTinhConfig.Analyzer.defaultWorkers() : n;
  }

  private static List<Path> iocDirs(ConfigNode dn) {
    List<Path> out = new ArrayList<>();
    if (dn.has("ioc")) {
      for (ConfigNode.Located<String> d : dn.strings("ioc")) out.add(installed(dn, d));
    } else {
      out.add(Installation.current().resolve("rules/ioc"));
    }
    return List.copyOf(out);
  }

  private static Parsed<String> zone(String text) {
    try {
      ZoneId.of(text);
      return Parsed.ok(text);
    } catch (DateTimeException e) {
      return Parsed.expected("expected a time zone like Asia/Ho_Chi_Minh or +07:00", text);
    }
  }
}
