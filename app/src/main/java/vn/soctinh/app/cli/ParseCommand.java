package vn.soctinh.app.cli;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.decode.MessageFormat;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.ParserTable;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.source.SourceEntry;

/**
 * {@code soctinh parse}: messages in, ECS events out, through the same {@link EventParser} the
 * live pipeline uses. How a user checks a new device's format before pointing it at the SOC.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = {"Parse log messages (stdin or FILE) into ECS events, one NDJSON line per message, in input order.",
        "A message no parser understands still gives its line, with error.message and the tag _unparsed.",
        "Exit code 0 unless the input could not be read."})
final class ParseCommand implements Callable<Integer> {
  enum Framing { lf, octet_counting }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      description = "auto (default), rfc5424, rfc3164, json, cef or leef")
  String format;

  @Option(names = "--parser", paramLabel = "NAME", description = "force one content parser (see --list-parsers)")
  String parser;

  @Option(names = "--framing", paramLabel = "FRAMING", defaultValue = "lf",
      description = "lf (one message per line, default) or octet-counting (RFC 6587 \"LEN MSG\")")
  String framing;

  @Option(names = "--agency", paramLabel = "ID", description = "parse as if sent by this agency (its time zone and format from the config)")
  String agency;

  @Option(names = "--timezone", paramLabel = "ZONE", description = "zone for stamps without one (default: the agency's, else the config's)")
  String timezone;

  @Option(names = "--stats", description = "print, instead of the events, per parser how many messages it recognised and how many fell back, with examples")
  boolean stats;

  @Option(names = "--json", description = "with --stats: print the statistics as JSON")
  boolean json;

  @Option(names = "--list-parsers", description = "print the names of the content parsers and exit")
  boolean listParsers;

  @Option(names = "--check", paramLabel = "TABLE", arity = "1..*",
      description = "run conformance tables (lines and the fields each must give, see docs/design/parsing.md): "
          + "print every difference; exit 1 if any, 2 if a table cannot be read")
  List<Path> check;

  @Option(names = "--journal", description = "parse the records in the journal (of the configuration, or --dir) instead of FILE/stdin, "
      + "with their real sender, listener and agency, as the live pipeline does")
  boolean journal;

  @Option(names = "--dir", paramLabel = "DIR", description = "with --journal: the journal directory (default: journal.dir of the configuration)")
  Path journalDir;

  @Option(names = "--from", paramLabel = "OFFSET", description = "with --journal: first offset (default: the oldest kept)")
  Long from;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "with --journal: at most N records; 0 = all (default)")
  long limit;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "input file (default: stdin)")
  Path file;

  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (listParsers) {
      StandardParsers.registry().names().forEach(out::println);
      out.flush();
      return 0;
    }
    if (check != null) return checkTables(out);
    MessageFormat f = MessageFormat.of(format);
    if (f == null || f == MessageFormat.NETFLOW) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format: expected one of auto, rfc5424, rfc3164, json, cef, leef but was " + format);
    }
    Framing framingMode = switch (framing) {
      case "lf" -> Framing.lf;
      case "octet-counting" -> Framing.octet_counting;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--framing: expected lf or octet-counting but was " + framing);
    };
    if (parser != null && StandardParsers.registry().named(parser) == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--parser: expected one of "
          + String.join(", ", StandardParsers.registry().names()) + " but was " + parser);
    }
    if (journal && file != null) throw new CommandLine.ParameterException(spec.commandLine(), "give either --journal or FILE, not both");
    SocTinhConfig cfg = config.load();
    EventParser events = new EventParser(settings(cfg, f), StandardParsers.registry(), StandardParsers.flowDecoder(cfg.flows()),
        new ParseStats(), Clock.systemUTC());
    String who = agency == null ? SourceEntry.UNASSIGNED : agency;

    long[] messages = {0};
    long[] withAction = {0};
    long[] unparsed = {0};
    Writer w = new BufferedWriter(out, 1 << 16);
    Consumer<Event> sink = e -> {
      if (e.has("event.action") && !e.hasTag(EventParser.UNPARSED)) withAction[0]++;
      if (e.hasTag(EventParser.UNPARSED)) unparsed[0]++;
      if (stats) return;
      try {
        EcsJson.write(e, w);
        w.write('\n');
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    };
    if (journal) {
      Path dir = journalDir != null ? journalDir : cfg.journal().dir();
      if (!Files.isDirectory(dir)) throw new ExitException(1, "soctinh parse: no journal at " + dir);
      try (Journal j = Journal.openReadOnly(dir); JournalReader r = j.reader(from != null ? from : j.stats().firstOffset())) {
        JournalRecord rec;
        RawRecord last = null;
        while ((limit == 0 || messages[0] < limit) && (rec = r.next()) != null) {
          messages[0]++;
          last = RawRecord.of(rec);
          events.parse(last, sink);
        }
        events.flush(last, sink);
      }
    } else try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
      MessageReader reader = new MessageReader(new BufferedInputStream(in, 1 << 16), framingMode == Framing.octet_counting);
      byte[] msg;
      while ((msg = reader.next()) != null) {
        messages[0]++;
        events.parse(RawRecord.ofInput(msg, Instant.now(), "parse", who), sink);
      }
      events.flush(null, sink);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ExitException(1, "soctinh parse: no such file: " + e.getFile());
    } catch (IOException e) {
      throw new ExitException(1, "soctinh parse: cannot read " + (file == null ? "stdin" : file) + ": " + e.getMessage());
    }
    w.flush();
    if (stats) printStats(out, events.stats(), messages[0], withAction[0], unparsed[0]);
    return 0;
  }

  private int checkTables(PrintWriter out) {
    ParserTable.Checker checker = new ParserTable.Checker();
    int cases = 0;
    int wrong = 0;
    for (Path t : check) {
      List<ParserTable.Case> table;
      try {
        table = ParserTable.read(t.toString(), Files.readString(t, java.nio.charset.StandardCharsets.UTF_8),
            ParserTable.parserOf(t.getFileName().toString()));
      } catch (ParserTable.TableException e) {
        throw new ExitException(2, "soctinh parse --check: " + e.getMessage());
      } catch (IOException e) {
        throw new ExitException(2, "soctinh parse --check: cannot read " + t + ": " + e.getMessage());
      }
      for (ParserTable.Case c : table) {
        cases++;
        List<ParserTable.Mismatch> m = checker.check(c);
        if (!m.isEmpty()) wrong++;
        m.forEach(out::println);
      }
    }
    out.printf("%d lines checked, %d with differences%n", cases, wrong);
    out.flush();
    return wrong == 0 ? 0 : 1;
  }

  /**
   * The configuration's settings; --agency/--timezone/--format/--parser adjust the agency the input
   * is parsed as (for --journal: --format/--parser/--timezone apply to the --agency given, if any).
   */
  private ParseSettings settings(SocTinhConfig c, MessageFormat f) {
    ParseSettings base = c.parsing();
    if (journal && agency == null) return base;
    Map<String, ParseSettings.AgencyParsing> agencies = new HashMap<>(base.agencies());
    String id = agency == null ? SourceEntry.UNASSIGNED : agency;
    ParseSettings.AgencyParsing a = agencies.get(id);
    ZoneId zone = timezone != null ? ZoneId.of(timezone) : a != null ? a.zone() : null;
    agencies.put(id, new ParseSettings.AgencyParsing(
        a == null ? null : a.name(), zone,
        f != MessageFormat.AUTO ? f : a == null ? null : a.format(),
        parser != null ? parser : a == null ? null : a.parser()));
    return new ParseSettings(base.defaultZone(), journal ? base.listeners() : Map.of(), agencies);
  }

  private void printStats(PrintWriter out, ParseStats s, long messages, long withAction, long unparsed) {
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("messages", messages);
      r.put("with_action", withAction);
      r.put("unparsed", unparsed);
      r.put("action_coverage", messages == 0 ? 0.0 : (double) withAction / messages);
      Map<String, Object> ps = new LinkedHashMap<>();
      s.parsers().forEach((name, c) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recognised", c.recognised());
        m.put("fell_back", c.fellBack());
        m.put("examples", c.examples());
        ps.put(name, m);
      });
      r.put("parsers", ps);
      Json.print(out, r);
      return;
    }
    out.printf("%-16s %12s %12s%n", "parser", "recognised", "fell back");
    s.parsers().forEach((name, c) -> out.printf("%-16s %12d %12d%n", name, c.recognised(), c.fellBack()));
    out.printf("%nmessages %d, with a specific event.action %d (%.2f %%), unparsed %d%n", messages, withAction,
        messages == 0 ? 0.0 : 100.0 * withAction / messages, unparsed);
    s.parsers().forEach((name, c) -> {
      List<String> ex = c.examples();
      if (ex.isEmpty()) return;
      out.println();
      out.println("examples that fell back in " + name + ":");
      ex.forEach(l -> out.println("  " + l));
    });
    out.flush();
  }
}
