package vn.soctinh.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;

/**
 * {@code soctinh search}: the stored events that match a Lucene-syntax query, newest first. Reads
 * the embedded store read-only (its last commit), so it is safe while the server runs.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Search stored events with a Lucene query over ECS fields, e.g.",
        "  soctinh search 'source.ip:10.0.0.0/8 AND event.action:ssh_login AND event.outcome:failure AND NOT user.name:root'",
        "Prints the events (NDJSON with --json), then a summary line with the total."})
final class SearchCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Lucene query (default: all events)")
  String query = "";

  @Option(names = "--from", paramLabel = "TIME", description = "only events at or after TIME (2026-11-23T00:00:00Z or 2026-11-23)")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "only events before TIME")
  String to;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N events (default ${DEFAULT-VALUE}, max 10000)")
  int limit;

  @Option(names = "--agg", paramLabel = "FIELD", description = "also count the 10 most frequent values of FIELD (repeatable)")
  List<String> aggs = new ArrayList<>();

  @Option(names = "--json", description = "print events as NDJSON and the summary as JSON")
  boolean json;

  @Option(names = "--dir", paramLabel = "DIR", description = "store directory (default: analyzer.store_dir of the configuration)")
  Path dir;

  @Option(names = "--alerts", description = "search the alerts instead of the events")
  boolean alerts;

  @Option(names = "--quarantine", description = "search the quarantine instead: what the store refused, with the reason, the journal offset and the original line")
  boolean quarantine;

  @Option(names = "--es", paramLabel = "URL", description = "search an Elasticsearch cluster instead (default: analyzer.elasticsearch of the configuration when analyzer.store is elasticsearch)")
  String es;

  @Option(names = "--es-prefix", paramLabel = "PREFIX", description = "index prefix on Elasticsearch (default: the configuration's, else soctinh)")
  String esPrefix;

  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (limit < 0 || limit > SearchRequest.MAX_SIZE) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0.." + SearchRequest.MAX_SIZE + " but was " + limit);
    }
    Instant f = time(from, "--from");
    Instant t = time(to, "--to");
    EventStore opened;
    try {
      opened = open();
    } catch (StoreException e) {
      throw new ExitException(1, "soctinh search: " + e.getMessage());
    }
    List<Aggregation> list = new ArrayList<>();
    for (String a : aggs) list.add(new Aggregation.Terms(a, a, 10));
    PrintWriter out = spec.commandLine().getOut();
    try (EventStore store = opened) {
      DocKind kind = quarantine ? DocKind.QUARANTINE : alerts ? DocKind.ALERTS : DocKind.EVENTS;
      SearchResult r = store.search(SearchRequest.of(kind, query, limit).withRange(f, t).withAggregations(list));
      for (Event e : r.hits()) out.println(json ? EcsJson.write(e) : kind == DocKind.ALERTS ? alertLine(e) : line(e));
      if (json) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", r.total());
        summary.put("shown", r.hits().size());
        if (!r.aggregations().isEmpty()) summary.put("aggregations", r.aggregations());
        out.println(Json.line(Map.of("summary", summary)));
      } else {
        for (Map.Entry<String, Map<Object, Long>> a : r.aggregations().entrySet()) {
          out.println(a.getKey() + ":");
          a.getValue().forEach((k, v) -> out.printf("  %8d  %s%n", v, k));
        }
        out.println(r.hits().size() + " of " + r.total() + " " + (kind == DocKind.QUARANTINE ? "quarantined documents" : kind.label()));
      }
    } catch (StoreException e) {
      throw new ExitException(1, "soctinh search: " + e.getMessage());
    }
    out.flush();
    return 0;
  }

  /** The store to read: --dir, --es, else what the configuration runs. */
  private EventStore open() throws StoreException {
    EsSettings configured = null;
    Path d = dir;
    if (d == null && (es == null || esPrefix == null)) {
      var an = config.load().analyzer();
      configured = an.elasticsearch();
      if (d == null) d = an.storeDir();
    }
    if (es != null || (dir == null && configured != null)) {
      EsSettings s = es != null ? (configured != null ? configured.withUrl(es) : EsSettings.of(es)) : configured;
      if (esPrefix != null) s = s.withPrefix(esPrefix);
      return vn.soctinh.analyzer.store.Stores.openForReading(s, null);
    }
    return vn.soctinh.analyzer.store.Stores.openForReading(null, d);
  }

  /** An alert: its time, agency, level and rule, which is what an analyst scans for. */
  private static String alertLine(Event e) {
    return e.getString("@timestamp") + "  " + nz(e.getString("organization.id")) + "  " + nz(e.getString("labels.level")) + "  "
        + nz(e.getString("rule.name"));
  }

  private static String line(Event e) {
    return e.getString("@timestamp") + "  " + nz(e.getString("organization.id")) + "  " + nz(e.getString("event.action")) + "  "
        + nz(e.getString("message"));
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }

  private Instant time(String s, String option) {
    if (s == null) return null;
    try {
      return s.length() == 10 ? Instant.parse(s + "T00:00:00Z") : Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected a time like 2026-11-23T10:00:00Z or 2026-11-23 but was " + s);
    }
  }
}
