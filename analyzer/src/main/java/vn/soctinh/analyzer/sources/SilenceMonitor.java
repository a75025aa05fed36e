package vn.soctinh.analyzer.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.ByName;

/**
 * Which log sources went quiet. A source is an agency's device: {@code organization.id} and the
 * host the events name ({@code host.hostname}, {@code host.name}), else the sender's address.
 *
 * <p>Its expected activity is learned: the typical gap between its events (an exponentially
 * weighted mean, updated at most once a second, so a burst does not teach "always busy"). It is
 * silent when nothing came for {@code factor} × that gap, at least {@code min} and at most {@code
 * max}; a source with fewer than {@link #LEARN_EVENTS} events, or a configured one, uses its
 * configured or the maximum threshold. Going silent raises a {@code soctinh-source-silent} alert for
 * its agency; coming back, a {@code soctinh-source-recovered} event (informational, P4).
 *
 * <p>Times are the monitor's clock (arrival), not event time: a device with a wrong clock is still
 * watched. Thread-safe: the pipeline observes, a timer checks.
 */
public final class SilenceMonitor {
  public static final String SILENT_RULE = "soctinh-source-silent";
  public static final String RECOVERED_RULE = "soctinh-source-recovered";
  static final int LEARN_EVENTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param expected configured thresholds by source key ({@code agency/host}) or agency: these win over learning
   * @param maxSources the most sources kept in all
   * @param maxSourcesPerAgency the most kept for one agency (the unassigned senders are one pool):
   *     past it, that agency's longest-quiet source is forgotten, never another agency's, so a spray
   *     of forged host names pushes out only its own pool's sources
   */
  public record Settings(Duration min, Duration max, double factor, Map<String, Duration> expected, int maxSources, int maxSourcesPerAgency) {
    public static final int DEFAULT_MAX_SOURCES_PER_AGENCY = 10_000;

    public Settings(Duration min, Duration max, double factor, Map<String, Duration> expected, int maxSources) {
      this(min, max, factor, expected, maxSources, Math.min(maxSources, DEFAULT_MAX_SOURCES_PER_AGENCY));
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(15), Duration.ofHours(24), 10, Map.of(), 100_000, DEFAULT_MAX_SOURCES_PER_AGENCY);
    }
  }

  /** One source as the status endpoint shows it. */
  @ByName
  public record Status(String key, String agency, String host, Instant firstSeen, Instant lastSeen, long events, double typicalGapSecs,
      Duration threshold, boolean silent, Instant silentSince) implements SilenceMonitorStatusBuilder.With {}

  private static final class Source {
    final String agency;
    final String host;
    String ip;
    Instant firstSeen;
    Instant lastSeen;
    Instant lastLearned;
    long events;
    double gapSecs = -1;
    Instant silentSince;

    Source(String agency, String host) {
      this.agency = agency;
      this.host = host;
    }
  }

  private final Settings settings;
  /** Each agency's sources (the unassigned senders are one pool), least recently seen first. */
  private final Map<String, LinkedHashMap<String, Source>> pools = new java.util.HashMap<>();
  private int total;
  private final List<Event> pending = new ArrayList<>();
  /** Adds the agency's name and the system a source covers (with its security level) to a probe event. */
  private final java.util.function.Consumer<Event> enrich;

  public SilenceMonitor(Settings settings, java.util.function.Consumer<Event> enrich) {
    this.settings = settings;
    this.enrich = enrich;
  }

  static String key(Event e) {
    String agency = e.getString("organization.id");
    String host = host(e);
    return (agency == null ? "unassigned" : agency) + "/" + host;
  }

  private static String host(Event e) {
    String h = e.getString("host.hostname");
    if (h == null) h = e.getString("host.name");
    if (h == null) {
      String addr = e.getString("log.source.address");
      if (addr != null) {
        int colon = addr.lastIndexOf(':');
        h = colon > 0 ? addr.substring(0, colon) : addr;
      }
    }
    return h == null ? "unknown" : h.toLowerCase(java.util.Locale.ROOT);
  }

  /** Notes the events of a batch as arrived {@code now}. A silent source that sends again is recovered. */
  public synchronized void observe(List<Event> batch, Instant now) {
    for (Event e : batch) {
      String k = key(e);
      String agency = e.getString("organization.id") == null ? "unassigned" : e.getString("organization.id");
      LinkedHashMap<String, Source> pool = pool(agency);
      Source s = pool.get(k);
      if (s == null) {
        s = new Source(agency, host(e));
        s.firstSeen = now;
        add(k, s);
      } else if (s.lastLearned == null || Duration.between(s.lastLearned, now).toMillis() >= 1000) {
        double gap = Duration.between(s.lastSeen, now).toMillis() / 1000.0;
        s.gapSecs = s.gapSecs < 0 ? gap : 0.8 * s.gapSecs + 0.2 * gap;
        s.lastLearned = now;
      }
      String addr = e.getString("log.source.address");
      if (addr != null && addr.lastIndexOf(':') > 0) s.ip = addr.substring(0, addr.lastIndexOf(':'));
      if (s.silentSince != null) {
        pending.add(document(k, s, RECOVERED_RULE, "Log source back: " + s.host + " (" + s.agency + ")", "informational", now, "P4", e));
        s.silentSince = null;
      }
      s.lastSeen = now;
      s.events++;
    }
  }

  private LinkedHashMap<String, Source> pool(String agency) {
    return pools.computeIfAbsent(agency, a -> new LinkedHashMap<>(16, 0.75f, true));
  }

  /** Keeps a new source; past a limit, forgets the longest-quiet source of its own pool, or of the largest pool. */
  private void add(String key, Source s) {
    LinkedHashMap<String, Source> pool = pool(s.agency);
    if (pool.put(key, s) == null) total++;
    if (pool.size() > settings.maxSourcesPerAgency()) {
      forgetEldest(pool);
    } else if (total > settings.maxSources()) {
      LinkedHashMap<String, Source> largest = pool;
      for (LinkedHashMap<String, Source> p : pools.values()) if (p.size() > largest.size()) largest = p;
      forgetEldest(largest);
    }
  }

  private void forgetEldest(LinkedHashMap<String, Source> pool) {
    Iterator<String> it = pool.keySet().iterator();
    it.next();
    it.remove();
    total--;
  }

  /** Every source, pool by pool. */
  private List<Map.Entry<String, Source>> all() {
    List<Map.Entry<String, Source>> out = new ArrayList<>(total);
    for (LinkedHashMap<String, Source> p : pools.values()) out.addAll(p.entrySet());
    return out;
  }

  /** The sources that went silent since the last check (as alerts) and the recoveries seen meanwhile. */
  public synchronized List<Event> check(Instant now) {
    List<Event> out = new ArrayList<>(pending);
    pending.clear();
    for (Map.Entry<String, Source> en : all()) {
      Source s = en.getValue();
      if (s.silentSince != null) continue;
      Duration limit = threshold(en.getKey(), s);
      if (Duration.between(s.lastSeen, now).compareTo(limit) > 0) {
        s.silentSince = now;
        Event probe = new Event().put("host.name", s.host).put("organization.id", s.agency);
        if (s.ip != null) probe.put("host.ip", s.ip);
        enrich.accept(probe);
        int level = 0;
        try {
          level = Integer.parseInt(String.valueOf(probe.get("labels.security_level")));
        } catch (NumberFormatException ex) {
          // covers no known system
        }
        String priority = level >= 4 ? "P1" : level == 3 ? "P2" : "P3";
        out.add(document(en.getKey(), s, SILENT_RULE, "Log source silent: " + s.host + " (" + s.agency + "), nothing for " + human(Duration.between(s.lastSeen, now)),
            "medium", now, priority, probe));
      }
    }
    return out;
  }

  private Duration threshold(String key, Source s) {
    Duration configured = settings.expected().get(key);
    if (configured == null) configured = settings.expected().get(s.agency);
    if (configured != null) return configured;
    if (s.events < LEARN_EVENTS || s.gapSecs < 0) return settings.max();
    long learned = (long) (s.gapSecs * settings.factor() * 1000);
    return Duration.ofMillis(Math.min(settings.max().toMillis(), Math.max(settings.min().toMillis(), learned)));
  }

  private static Event document(String key, Source s, String rule, String title, String level, Instant at, String priority, Event about) {
    Instant since = s.silentSince != null ? s.silentSince : at;
    Event d = new Event()
        .put("@timestamp", at)
        // one alert per silence: the same id when raised again (after a restart, say)
        .put("event.id", "alert:" + rule + ":" + key + ":" + s.lastSeen)
        .put("event.kind", rule.equals(SILENT_RULE) ? "alert" : "event")
        .put("event.start", s.lastSeen)
        .put("event.end", at)
        .put("event.sequence", 1L)
        .put("rule.id", rule)
        .put("rule.name", title)
        .put("labels.level", level)
        .put("labels.priority", priority)
        .put("labels.correlation", "false")
        .put("labels.source", key)
        .put("labels.group_source", key)
        .put("organization.id", s.agency)
        .put("host.name", s.host)
        .put("soctinh.event_ids", List.of());
    for (String f : new String[] {"labels.system_id", "labels.system_name", "labels.security_level", "organization.name"}) {
      Object v = about.get(f);
      if (v != null) d.put(f, v);
    }
    d.put("event.severity", level.equals("medium") ? 3L : 1L);
    if (since != null) d.put("labels.silent_since", since.toString());
    return d;
  }

  private static String human(Duration d) {
    long m = d.toMinutes();
    if (m < 1) return d.toSeconds() + " s";
    if (m < 120) return m + " min";
    return d.toHours() + " h";
  }

  /** Every source with its learned gap, threshold and state, the quietest first. */
  public synchronized List<Status> status(Instant now) {
    List<Status> out = new ArrayList<>();
    for (Map.Entry<String, Source> en : all()) {
      Source s = en.getValue();
      out.add(SilenceMonitorStatusBuilder.builder().key(en.getKey()).agency(s.agency).host(s.host).firstSeen(s.firstSeen)
          .lastSeen(s.lastSeen).events(s.events).typicalGapSecs(s.gapSecs).threshold(threshold(en.getKey(), s))
          .silent(s.silentSince != null).silentSince(s.silentSince).build());
    }
    out.sort((a, b) -> a.lastSeen().compareTo(b.lastSeen()));
    return out;
  }

  /** Saves what was learned (atomically), so a restart does not forget every source. */
  public synchronized void save(Path file) throws IOException {
    ArrayNode arr = JSON.createArrayNode();
    for (Map.Entry<String, Source> en : all()) {
      Source s = en.getValue();
      ObjectNode o = arr.addObject().put("key", en.getKey()).put("agency", s.agency).put("host", s.host).put("first_seen", s.firstSeen.toString())
          .put("last_seen", s.lastSeen.toString()).put("events", s.events).put("gap_secs", s.gapSecs).put("ip", s.ip);
      if (s.silentSince != null) o.put("silent_since", s.silentSince.toString());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(arr), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public synchronized void load(Path file) throws IOException {
    if (!Files.exists(file)) return;
    for (JsonNode o : JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))) {
      Source s = new Source(o.path("agency").asText(), o.path("host").asText());
      s.firstSeen = Instant.parse(o.path("first_seen").asText());
      s.lastSeen = Instant.parse(o.path("last_seen").asText());
      s.events = o.path("events").asLong();
      s.gapSecs = o.path("gap_secs").asDouble(-1);
      s.ip = o.hasNonNull("ip") ? o.path("ip").asText() : null;
      if (o.hasNonNull("silent_since")) s.silentSince = Instant.parse(o.path("silent_since").asText());
      add(o.path("key").asText(), s);
    }
  }
}
