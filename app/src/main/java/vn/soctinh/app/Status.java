package vn.soctinh.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.lucene.LuceneReindex;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalSummary;

/**
 * What an operator looks at first: is it running, is it keeping up, will the disk last, are the rules
 * loaded, when was the last backup, has a source gone quiet. One report with three readers: {@code soctinh status} (it asks the
 * running server on its loopback {@code /status}, else reads the data directory itself), the HTTP
 * listener's {@code GET /status} (loopback only, like {@code /metrics}), and the console's status page
 * for admins. Everything here only reads, and costs milliseconds: the journal's last segment, the store's
 * commit points, the file system's counters.
 */
public final class Status {
  /** How many complete days of partitions the growth per day is averaged over. */
  static final int GROWTH_DAYS = 7;

  /** What only a running server knows. */
  public record Live(Instant started, JsonArray listeners, SigmaRules.LoadReport rules, JsonArray sources) {}

  private Status() {}

  /**
   * The report. {@code journal}: the running server's own (null: open the configured one read-only);
   * {@code live}: null when no server runs (its parts then say so, and rules are loaded from the files).
   */
  public static JsonObject report(SocTinhConfig config, Journal journal, Live live, Clock clock) {
    Instant now = clock.instant();
    JsonObject r = new JsonObject().put("time", now.toString()).put("version", vn.soctinh.collector.files.Release.version())
        .put("config", config.source() == null ? null : config.source().toString()).put("data_dir", config.dataDir().toString());
    r.put("server", live == null ? new JsonObject().put("running", false)
        : new JsonObject().put("running", true).put("started", live.started().toString())
            .put("uptime_secs", Duration.between(live.started(), now).toSeconds()));
    if (live != null) r.put("listeners", live.listeners());
    r.put("journal", journal(config, journal));
    JsonObject store = store(config, now);
    r.put("store", store);
    r.put("disk", disk(config.dataDir(), store.getLong("bytes_per_day")));
    r.put("rules", rules(config, live));
    r.put("backup", vn.soctinh.app.backup.LastBackup.read(config.dataDir())
        .map(b -> new JsonObject().put("last", b.finished().toString()).put("dir", b.dir()).put("bytes", b.bytes())
            .put("age_hours", Duration.between(b.finished(), now).toHours()))
        .orElse(new JsonObject().put("last", (String) null)));
    if (live != null) r.put("sources", sources(live.sources()));
    return r;
  }

  private static JsonObject journal(SocTinhConfig config, Journal running) {
    JsonObject o = new JsonObject().put("dir", config.journal().dir().toString());
    try {
      JournalSummary s;
      if (running != null) {
        s = running.summary();
      } else if (Files.isDirectory(config.journal().dir())) {
        try (Journal ro = Journal.openReadOnly(config.journal().dir())) {
          s = ro.summary();
        }
      } else {
        return o.put("error", "no journal yet");
      }
      JsonObject consumers = new JsonObject();
      for (Map.Entry<String, Long> c : new java.util.TreeMap<>(s.consumers()).entrySet()) {
        consumers.put(c.getKey(), new JsonObject().put("offset", c.getValue()).put("lag", s.lag(c.getKey())));
      }
      return o.put("bytes", s.bytes()).put("max_bytes", config.journal().maxBytes()).put("segments", s.segments())
          .put("first_offset", s.firstOffset()).put("next_offset", s.nextOffset()).put("consumers", consumers);
    } catch (IOException | RuntimeException e) {
      return o.put("error", String.valueOf(e.getMessage()));
    }
  }

  private static JsonObject store(SocTinhConfig config, Instant now) {
    SocTinhConfig.Analyzer an = config.analyzer();
    if (an.elasticsearch() != null) {
      // its indices, sizes and health are the cluster's: _cat/indices and _cluster/health tell them
      return new JsonObject().put("kind", "elasticsearch").put("urls", new JsonArray(an.elasticsearch().urls()));
    }
    JsonObject o = new JsonObject().put("kind", "lucene").put("dir", an.storeDir().toString());
    if (!Files.isDirectory(an.storeDir())) return o.put("error", "no store yet");
    try {
      List<LuceneReindex.PartitionStatus> parts = LuceneReindex.status(an.storeDir()).partitions();
      long docs = 0;
      long bytes = 0;
      String oldest = null;
      String newest = null;
      int toReindex = 0;
      for (LuceneReindex.PartitionStatus p : parts) {
        docs += p.documents();
        bytes += p.bytes();
        if (!p.current()) toReindex++;
        LocalDate d = day(p.name());
        if (d == null) continue;
        if (oldest == null || d.toString().compareTo(oldest) < 0) oldest = d.toString();
        if (newest == null || d.toString().compareTo(newest) > 0) newest = d.toString();
      }
      return o.put("partitions", parts.size()).put("documents", docs).put("bytes", bytes).put("oldest_day", oldest).put("newest_day", newest)
          .put("to_reindex", toReindex).put("bytes_per_day", bytesPerDay(parts, now));
    } catch (StoreException | RuntimeException e) {
      return o.put("error", String.valueOf(e.getMessage()));
    }
  }

  /**
   * The mean size of the event partitions of the last {@value #GROWTH_DAYS} complete days (UTC, the
   * partitions' own days) that exist; null when there is none yet. Event time, not arrival: a source
   * sending old lines makes old partitions grow, which this does not count.
   */
  public static Long bytesPerDay(List<LuceneReindex.PartitionStatus> parts, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    long sum = 0;
    int days = 0;
    for (LuceneReindex.PartitionStatus p : parts) {
      LocalDate d = day(p.name());
      if (d == null || !d.isBefore(today) || d.isBefore(today.minusDays(GROWTH_DAYS))) continue;
      sum += p.bytes();
      days++;
    }
    return days == 0 ? null : sum / days;
  }

  /** An event partition's day ({@code events-2026.12.07}), or null for the others. */
  private static LocalDate day(String partition) {
    if (!partition.startsWith("events-")) return null;
    try {
      return LocalDate.parse(partition.substring(7).replace('.', '-'));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The data directory's file system: size, free, use, and at the current growth how many days remain. */
  public static JsonObject disk(Path dataDir, Long bytesPerDay) {
    JsonObject o = new JsonObject().put("path", dataDir.toString());
    try {
      Path p = dataDir;
      while (p != null && !Files.exists(p)) p = p.getParent();
      if (p == null) return o.put("error", "no such directory");
      FileStore fs = Files.getFileStore(p);
      long total = fs.getTotalSpace();
      long free = fs.getUsableSpace();
      o.put("total_bytes", total).put("free_bytes", free).put("used_ratio", total == 0 ? 0.0 : Math.round((total - free) * 1000.0 / total) / 1000.0);
      o.put("bytes_per_day", bytesPerDay).put("days_until_full", bytesPerDay == null || bytesPerDay <= 0 ? null : free / bytesPerDay);
      return o;
    } catch (IOException e) {
      return o.put("error", String.valueOf(e.getMessage()));
    }
  }

  private static JsonObject rules(SocTinhConfig config, Live live) {
    SocTinhConfig.Detection d = config.detection();
    JsonObject o = new JsonObject().put("enabled", d.enabled())
        .put("dirs", new JsonArray(d.ruleDirs().stream().map(Path::toString).toList()));
    if (!d.enabled()) return o;
    SigmaRules.LoadReport report;
    if (live != null && live.rules() != null) {
      report = live.rules();
    } else {
      try {
        report = new vn.soctinh.analyzer.detect.RuleWatcher(d.ruleDirs(), d.mapping(), Map.of()).load().report();
      } catch (IOException | RuntimeException e) {
        return o.put("error", String.valueOf(e.getMessage()));
      }
    }
    return o.put("loaded", report.loaded()).put("failed", report.failed().size()).put("replaced_by_local", report.overridden().size())
        .put("errors", new JsonArray(report.failed().stream().limit(20).map(Object::toString).toList()));
  }

  private static JsonObject sources(JsonArray all) {
    JsonArray silent = new JsonArray();
    int n = 0;
    if (all != null) {
      for (Object x : all) {
        if (!(x instanceof JsonObject s)) continue;
        n++;
        if (Boolean.TRUE.equals(s.getBoolean("silent"))) {
          silent.add(new JsonObject().put("source", s.getString("source")).put("agency", s.getString("agency"))
              .put("silent_since", s.getString("silent_since")));
        }
      }
    }
    return new JsonObject().put("known", n).put("silent", silent);
  }

  /** The report as lines for a terminal. */
  public static String text(JsonObject r) {
    StringBuilder b = new StringBuilder();
    JsonObject server = r.getJsonObject("server");
    b.append("soctinh ").append(r.getString("version")).append(", ")
        .append(server.getBoolean("running") ? "running since " + server.getString("started") + " (" + human(Duration.ofSeconds(server.getLong("uptime_secs"))) + ")"
            : "not running (read from " + r.getString("data_dir") + ")")
        .append('\n');
    b.append("config:    ").append(r.getString("config") == null ? "built-in defaults" : r.getString("config")).append('\n');
    JsonArray listeners = r.getJsonArray("listeners");
    if (listeners != null) {
      b.append("listeners:");
      for (Object l : listeners) {
        JsonObject x = (JsonObject) l;
        b.append(' ').append(x.getString("name")).append('=').append(x.getString("address"));
      }
      b.append('\n');
    }
    JsonObject j = r.getJsonObject("journal");
    b.append("journal:   ");
    if (j.containsKey("error")) {
      b.append(j.getString("error"));
    } else {
      b.append(bytes(j.getLong("bytes"))).append(" of ").append(bytes(j.getLong("max_bytes"))).append(", ").append(j.getInteger("segments"))
          .append(" segments, offsets ").append(j.getLong("first_offset")).append("..").append(j.getLong("next_offset"));
      JsonObject c = j.getJsonObject("consumers");
      for (String name : c.fieldNames()) b.append("; ").append(name).append(" lag ").append(c.getJsonObject(name).getLong("lag"));
    }
    b.append('\n');
    JsonObject s = r.getJsonObject("store");
    b.append("store:     ").append(s.getString("kind"));
    if (s.containsKey("error")) b.append(": ").append(s.getString("error"));
    else if ("lucene".equals(s.getString("kind"))) {
      b.append(", ").append(s.getLong("documents")).append(" documents, ").append(bytes(s.getLong("bytes"))).append(" in ").append(s.getInteger("partitions"))
          .append(" partitions, days ").append(s.getString("oldest_day")).append("..").append(s.getString("newest_day"));
      if (s.getInteger("to_reindex") > 0) b.append(", ").append(s.getInteger("to_reindex")).append(" to reindex (soctinh store reindex)");
    } else b.append(' ').append(s.getJsonArray("urls").encode());
    b.append('\n');
    JsonObject d = r.getJsonObject("disk");
    b.append("disk:      ");
    if (d.containsKey("error")) b.append(d.getString("error"));
    else {
      b.append(bytes(d.getLong("free_bytes"))).append(" free of ").append(bytes(d.getLong("total_bytes"))).append(" (")
          .append(Math.round(d.getDouble("used_ratio") * 100)).append("% used)");
      if (d.getLong("bytes_per_day") != null) {
        b.append(", growing ").append(bytes(d.getLong("bytes_per_day"))).append("/day: full in about ").append(d.getLong("days_until_full")).append(" days");
      }
    }
    b.append('\n');
    JsonObject ru = r.getJsonObject("rules");
    b.append("rules:     ");
    if (!ru.getBoolean("enabled")) b.append("detection off");
    else if (ru.containsKey("error")) b.append(ru.getString("error"));
    else {
      b.append(ru.getInteger("loaded")).append(" loaded, ").append(ru.getInteger("failed")).append(" failed");
      if (ru.getInteger("replaced_by_local") > 0) b.append(", ").append(ru.getInteger("replaced_by_local")).append(" replaced by local rules");
      for (Object e : ru.getJsonArray("errors")) b.append("\n  ").append(e);
    }
    b.append('\n');
    JsonObject bk = r.getJsonObject("backup");
    b.append("backup:    ").append(bk.getString("last") == null ? "none recorded (soctinh backup DIR)"
        : "last " + bk.getString("last") + " (" + bk.getLong("age_hours") + " h ago) to " + bk.getString("dir") + ", " + bytes(bk.getLong("bytes"))).append('\n');
    JsonObject so = r.getJsonObject("sources");
    if (so != null) {
      b.append("sources:   ").append(so.getInteger("known")).append(" known, ").append(so.getJsonArray("silent").size()).append(" silent");
      for (Object x : so.getJsonArray("silent")) {
        JsonObject q = (JsonObject) x;
        b.append("\n  silent: ").append(q.getString("source")).append(" (").append(q.getString("agency")).append(") since ").append(q.getString("silent_since"));
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String bytes(Long n) {
    if (n == null) return "?";
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) return s + " s";
    if (s < 7200) return s / 60 + " min";
    if (s < 172_800) return s / 3600 + " h";
    return s / 86_400 + " days";
  }
}
