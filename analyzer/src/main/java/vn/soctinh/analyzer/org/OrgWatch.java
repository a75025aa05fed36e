package vn.soctinh.analyzer.org;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The organisation file of the server: loaded at start (a missing file is an empty directory, with
 * a warning), watched, and reloaded into the enrichment stage when it changes. A file with
 * mistakes is refused whole: the previous directory stays and the mistakes are logged.
 */
public final class OrgWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(OrgWatch.class.getName());

  private final Path file;
  private final OrgEnrichment stage;
  private final java.util.function.Consumer<OrgDirectory> onLoad;
  private ScheduledExecutorService timer;
  private String stamp;

  private OrgWatch(Path file, OrgEnrichment stage, java.util.function.Consumer<OrgDirectory> onLoad) {
    this.file = file;
    this.stage = stage;
    this.onLoad = onLoad;
  }

  /** @param onLoad also told of every directory loaded (the collector's source table is rebuilt from it) */
  public static OrgWatch start(Path file, long reloadMs, java.util.function.Consumer<OrgDirectory> onLoad) throws IOException {
    OrgDirectory first = OrgDirectory.empty();
    if (Files.isRegularFile(file)) {
      OrgFile.Result r = read(file);
      if (!r.ok()) {
        throw new IOException("organizations.file " + file + " has mistakes:\n" + String.join("\n", r.problems().stream().map(OrgException::toString).toList()));
      }
      first = r.directory();
      LOG.log(System.Logger.Level.INFO, "organisations: " + first.organizations().size() + " organisations, " + first.systems().size() + " systems from " + file);
    } else {
      LOG.log(System.Logger.Level.WARNING, "organizations.file " + file + " does not exist: events carry no system or security level (soctinh org import)");
    }
    OrgWatch o = new OrgWatch(file, new OrgEnrichment(first), onLoad);
    onLoad.accept(first);
    o.stamp = stamp(file);
    if (reloadMs > 0) {
      o.timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soctinh-org-watcher");
        t.setDaemon(true);
        return t;
      });
      o.timer.scheduleWithFixedDelay(o::check, reloadMs, reloadMs, TimeUnit.MILLISECONDS);
    }
    return o;
  }

  public OrgEnrichment stage() {
    return stage;
  }

  private void check() {
    String now = stamp(file);
    if (now.equals(stamp)) return;
    stamp = now;
    if (!Files.isRegularFile(file)) return; // deleted: keep what we have rather than forget every system
    try {
      OrgFile.Result r = read(file);
      if (!r.ok()) {
        for (OrgException e : r.problems()) LOG.log(System.Logger.Level.WARNING, "organisations not reloaded: " + e);
        return;
      }
      stage.offer(r.directory());
      onLoad.accept(r.directory());
      LOG.log(System.Logger.Level.INFO, "organisations reloaded: " + r.directory().organizations().size() + " organisations, "
          + r.directory().systems().size() + " systems");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "organisations not reloaded: " + e);
    }
  }

  public static OrgFile.Result read(Path file) throws IOException {
    return OrgFile.parseYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  private static String stamp(Path f) {
    try {
      return Files.size(f) + ":" + Files.getLastModifiedTime(f).to(TimeUnit.NANOSECONDS);
    } catch (IOException e) {
      return "missing";
    }
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
  }
}
