package vn.soctinh.app.upgrade;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import vn.soctinh.analyzer.detect.Detector;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.analyzer.pipeline.DetectionPipeline;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.lucene.LuceneReindex;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.files.FormatField;
import vn.soctinh.collector.files.FormatMarker;
import vn.soctinh.collector.files.UnsupportedFormatException;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.console.auth.ApiTokens;
import vn.soctinh.console.auth.UserStore;
import vn.soctinh.console.report.ReportDrafts;

/**
 * What {@code soctinh upgrade} finds in a data directory: each part's format, the format this
 * release writes, and what is to be done. Only reads (safe while a server runs); never refuses by
 * itself: a part of a later release is listed as {@link State#NEWER} with its message.
 */
public record UpgradePlan(Path dataDir, List<Part> parts) {
  /** What a part needs. */
  public enum State {
    /** In the current format (or of format 1 without a field: read as it is, written with it next time). */
    CURRENT,
    /** Of the current format, without its marker yet: the marker is written. */
    MARK,
    /** Store partitions of an earlier format: rewritten by the store reindex (offline). */
    REINDEX,
    /** Of an earlier format that {@code soctinh run} converts when it starts. */
    AT_START,
    /** Written by a later release: refused, nothing is changed. */
    NEWER,
    /** Carries no version of its own: covered by the data directory's marker. */
    COVERED
  }

  /** One part: {@code format} null when it has none of its own (COVERED). */
  public record Part(String name, Path path, Integer format, int current, State state, String detail) {}

  /** The parts written by a later release: each one's message names its file and what to do. */
  public List<Part> refused() {
    return parts.stream().filter(p -> p.state() == State.NEWER).toList();
  }

  /** True when the upgrade would change something. */
  public boolean hasWork() {
    return parts.stream().anyMatch(p -> p.state() == State.MARK || p.state() == State.REINDEX);
  }

  public Optional<Part> part(String name) {
    return parts.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public static UpgradePlan of(SocTinhConfig c) throws IOException {
    Path data = c.dataDir();
    List<Part> out = new ArrayList<>();
    out.add(marked("data directory", data, DataDirFormat.FORMAT));
    Path journal = c.journal().dir();
    if (Files.isDirectory(journal)) out.add(marked("journal", journal, Journal.FORMAT));
    store(c, out);
    detectionState(data.resolve("detection"), out);
    Path org = c.organizations().fileIn(data);
    if (Files.isRegularFile(org)) out.add(orgFile(org));
    Path console = data.resolve("console");
    jsonFile(out, "users", console.resolve("users.json"), UserStore.FORMAT);
    jsonFile(out, "API tokens", console.resolve("tokens.json"), ApiTokens.FORMAT);
    Path drafts = console.resolve("report-drafts");
    if (Files.isDirectory(drafts)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(drafts, "*.json")) {
        for (Path f : ds) jsonFile(out, "report draft " + f.getFileName(), f, ReportDrafts.FORMAT);
      }
    }
    covered(out, "audit chain", data.resolve("audit"));
    covered(out, "evidence", data.resolve("evidence"));
    covered(out, "drill plans", data.resolve("drills").resolve("plans.json"));
    covered(out, "silent sources", data.resolve("detection").resolve("sources.json"));
    covered(out, "rules switched off", data.resolve("detection").resolve("disabled-rules.txt"));
    covered(out, "monitoring reports sent", data.resolve("reports").resolve("sent.json"));
    covered(out, "undelivered notifications", data.resolve("notify"));
    covered(out, "TLS certificate", data.resolve("tls"));
    covered(out, "last backup record", vn.soctinh.app.backup.LastBackup.file(data));
    return new UpgradePlan(data, List.copyOf(out));
  }

  /** A directory with a {@link FormatMarker}. */
  private static Part marked(String name, Path dir, int current) throws IOException {
    Path file = FormatMarker.file(dir);
    Optional<FormatMarker> m = Files.isDirectory(dir) ? FormatMarker.read(dir) : Optional.empty();
    int found = m.map(FormatMarker::format).orElse(FormatMarker.UNMARKED);
    if (found > current) return new Part(name, file, found, current, State.NEWER, newer(file, name, found, current));
    if (m.isEmpty()) {
      return new Part(name, file, found, current, State.MARK, "no marker (written before format markers, or new): its marker is written");
    }
    return new Part(name, file, found, current, State.CURRENT, "written by " + m.get().writtenBy());
  }

  private static void store(SocTinhConfig c, List<Part> out) throws IOException {
    int current = LuceneReindex.currentFormat();
    if (!c.analyzer().enabled()) return;
    if (c.analyzer().elasticsearch() != null) {
      out.add(new Part("store", null, null, current, State.COVERED, "in Elasticsearch (analyzer.store: elasticsearch): its indices are the cluster's"));
      return;
    }
    Path root = c.analyzer().storeDir();
    if (!Files.isDirectory(root)) return;
    LuceneReindex.Status s;
    try {
      s = LuceneReindex.status(root);
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
    long docs = 0;
    int oldest = current;
    int earlier = 0;
    for (LuceneReindex.PartitionStatus p : s.partitions()) {
      if (p.format() > current) {
        Path dir = root.resolve(p.name());
        out.add(new Part("store partition " + p.name(), dir, p.format(), current, State.NEWER, newer(dir, "store partition", p.format(), current)));
      } else if (p.format() < current) {
        earlier++;
        docs += p.documents();
        oldest = Math.min(oldest, p.format());
      }
    }
    int n = s.partitions().size();
    if (earlier > 0) {
      out.add(new Part("store", root, oldest, current, State.REINDEX, earlier + " of " + n + " partitions of an earlier format, " + docs
          + " documents: rewritten by the store reindex"));
    } else {
      out.add(new Part("store", root, current, current, State.CURRENT, n + " partitions, each in its commit"));
    }
  }

  private static void detectionState(Path dir, List<Part> out) throws IOException {
    Path state = dir.resolve("detection.state");
    Path previous = dir.resolve("correlation.state");
    Path f = Files.exists(state) ? state : Files.exists(previous) ? previous : null;
    if (f == null) return;
    int current = Detector.STATE_FORMAT;
    int found;
    try {
      found = DetectionPipeline.stateFormat(f);
    } catch (IOException e) {
      out.add(new Part("detection state", f, null, current, State.AT_START, e.getMessage() + ": moved aside by soctinh run, windows start empty"));
      return;
    }
    if (found > current) {
      out.add(new Part("detection state", f, found, current, State.NEWER, newer(f, "detection state", found, current)));
    } else if (found < current || f == previous) {
      out.add(new Part("detection state", f, found, current, State.AT_START, "read by soctinh run as it is, and saved in format " + current
          + " from then on"));
    } else {
      out.add(new Part("detection state", f, found, current, State.CURRENT, "in its header"));
    }
  }

  private static Part orgFile(Path f) throws IOException {
    int current = OrgFile.FORMAT;
    Object value;
    try {
      Object root = new Load(LoadSettings.builder().setLabel(f.toString()).build()).loadFromString(Files.readString(f, StandardCharsets.UTF_8));
      value = root instanceof Map<?, ?> m ? m.get(FormatField.NAME) : null;
    } catch (RuntimeException e) {
      return new Part("organisations", f, null, current, State.CURRENT, "not read here (" + e.getMessage() + "); soctinh org list checks it");
    }
    return fieldPart("organisations", f, value, current);
  }

  private static void jsonFile(List<Part> out, String name, Path f, int current) throws IOException {
    if (!Files.isRegularFile(f)) return;
    Object value;
    try {
      value = new JsonObject(Files.readString(f, StandardCharsets.UTF_8)).getValue(FormatField.NAME);
    } catch (RuntimeException e) {
      throw new IOException(f + ": not a JSON object (" + e.getMessage() + ")", e);
    }
    out.add(fieldPart(name, f, value, current));
  }

  /** A file with a {@code format} field. */
  private static Part fieldPart(String name, Path f, Object value, int current) throws IOException {
    try {
      int found = FormatField.check(f, name, value, current);
      return new Part(name, f, found, current, State.CURRENT, value == null
          ? "no \"format\" field (an earlier release's): read as it is, written with it next time" : "in its \"format\" field");
    } catch (UnsupportedFormatException e) {
      return new Part(name, f, e.found(), current, State.NEWER, e.getMessage());
    }
  }

  private static void covered(List<Part> out, String name, Path p) {
    if (Files.exists(p)) out.add(new Part(name, p, null, DataDirFormat.FORMAT, State.COVERED, "no version of its own: covered by the data directory's"));
  }

  private static String newer(Path file, String what, int found, int current) {
    return UnsupportedFormatException.newer(file, what, found, current).getMessage();
  }
}
