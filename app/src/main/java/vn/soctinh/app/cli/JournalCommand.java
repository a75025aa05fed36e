package vn.soctinh.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.JournalStats;
import vn.soctinh.collector.journal.RecordFlags;

@Command(name = "journal", mixinStandardHelpOptions = true, description = "Inspect the journal (safe while soctinh runs).",
    subcommands = {JournalCommand.Stats.class, JournalCommand.Dump.class})
final class JournalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand (stats, dump)");
  }

  /** Where the journal is: {@code --dir}, else the config's {@code journal.dir}. */
  static final class Location {
    @Mixin ConfigOption config;

    @Option(names = "--dir", paramLabel = "DIR", description = "journal directory (default: journal.dir of the configuration)")
    Path dir;

    Journal open() throws java.io.IOException {
      Path d = dir != null ? dir : config.load().journal().dir();
      if (!Files.isDirectory(d)) throw new ExitException(1, "soctinh: no journal at " + d);
      return Journal.openReadOnly(d);
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Records, bytes, segments, offsets, consumers, and counts by transport and agency.")
  static final class Stats implements Callable<Integer> {
    @Mixin Location location;
    @Option(names = "--json", description = "print JSON") boolean json;
    @Option(names = "--store", paramLabel = "DIR", description = "the store directory to account against (default: the configuration's store, embedded or Elasticsearch)")
    Path store;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      JournalStats s;
      Map<String, LossAccounting.Row> accounting;
      try (Journal j = location.open()) {
        s = j.stats();
        if (store != null) {
          accounting = LossAccounting.compute(j, s, store, null);
        } else {
          var an = location.config.load().analyzer();
          accounting = LossAccounting.compute(j, s, an.storeDir(), an.elasticsearch());
        }
      }
      boolean balanced = accounting.values().stream().allMatch(LossAccounting.Row::balanced);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", s.records());
        m.put("bytes", s.bytes());
        m.put("segments", s.segments());
        m.put("first_offset", s.firstOffset());
        m.put("next_offset", s.nextOffset());
        m.put("by_transport", s.byTransport());
        m.put("by_agency", s.byAgency());
        m.put("consumers", s.consumers());
        m.put("torn_records", s.tornRecords());
        Map<String, Object> acc = new LinkedHashMap<>();
        accounting.forEach((a, r) -> acc.put(a, Map.of("received", r.received(), "stored", r.stored(), "unparsed", r.unparsed(),
            "quarantined", r.quarantined(), "in_flight", r.inFlight(), "balanced", r.balanced())));
        m.put("accounting", acc);
        m.put("balanced", balanced);
        Json.print(out, m);
      } else {
        out.printf("records %d, bytes %d, segments %d, offsets %d..%d%n", s.records(), s.bytes(), s.segments(), s.firstOffset(),
            s.nextOffset() - 1);
        out.println("by transport: " + s.byTransport());
        out.println("by agency:    " + s.byAgency());
        out.println("consumers:    " + s.consumers());
        if (s.tornRecords() > 0) out.println("torn records truncated at recovery: " + s.tornRecords());
        out.printf("%-24s %12s %12s %12s %12s %12s%n", "agency", "received", "stored", "unparsed", "quarantined", "in flight");
        accounting.forEach((a, r) -> out.printf("%-24s %12d %12d %12d %12d %12d%s%n", a, r.received(), r.stored(), r.unparsed(),
            r.quarantined(), r.inFlight(), r.balanced() ? "" : "  MISMATCH: received != stored + quarantined + in flight"));
      }
      return 0;
    }
  }

  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = {"Print records with their metadata; raw bytes are escaped (\\n, \\r, \\t, \\\\, \\xNN).",
          "With --json, one JSON object per line; payload_base64 holds bytes that are not valid UTF-8."})
  static final class Dump implements Callable<Integer> {
    @Mixin Location location;
    @Option(names = "--from", paramLabel = "OFFSET", description = "first offset (default: the oldest kept)") Long from;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N records; 0 = all (default: ${DEFAULT-VALUE})")
    long limit;
    @Option(names = "--json", description = "print NDJSON") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (Journal j = location.open()) {
        long start = from != null ? from : j.stats().firstOffset();
        try (JournalReader r = j.reader(start)) {
          long n = 0;
          JournalRecord rec;
          while ((limit == 0 || n < limit) && (rec = r.next()) != null) {
            out.println(json ? Json.line(toMap(rec)) : toLine(rec));
            n++;
          }
        }
      }
      out.flush();
      return 0;
    }

    static Map<String, Object> toMap(JournalRecord r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("offset", r.offset());
      m.put("received_at", r.receivedAt().toString());
      m.put("transport", r.transport().label());
      m.put("listener", r.meta().listener());
      m.put("peer", r.meta().peer() == null ? null : r.meta().peer().getAddress().getHostAddress() + ":" + r.meta().peer().getPort());
      m.put("agency", r.meta().agency());
      if (!r.meta().tlsPeer().isEmpty()) m.put("tls_peer", r.meta().tlsPeer());
      if (r.flags() != 0) m.put("flags", RecordFlags.describe(r.flags()));
      String text = PayloadText.utf8OrNull(r.payload());
      if (text != null) m.put("payload", text);
      else m.put("payload_base64", Base64.getEncoder().encodeToString(r.payload()));
      return m;
    }

    static String toLine(JournalRecord r) {
      String peer = r.meta().peer() == null ? "-" : r.meta().peer().getAddress().getHostAddress() + ":" + r.meta().peer().getPort();
      String flags = r.flags() == 0 ? "" : " [" + RecordFlags.describe(r.flags()) + "]";
      String tls = r.meta().tlsPeer().isEmpty() ? "" : " tls=" + r.meta().tlsPeer();
      return r.offset() + " " + r.receivedAt() + " " + r.transport().label() + " " + r.meta().listener() + " " + peer + " "
          + r.meta().agency() + tls + flags + " | " + PayloadText.escape(r.payload());
    }
  }
}
