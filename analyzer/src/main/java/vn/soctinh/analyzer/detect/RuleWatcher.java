package vn.soctinh.analyzer.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import vn.soctinh.analyzer.detect.sigma.SigmaException;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;

/**
 * The rule files and the mapping file, loaded and watched: when a file is added, edited or deleted,
 * everything is loaded again (a few hundred files take milliseconds) and handed to a listener.
 * A file that now fails keeps its previous version running ({@link SigmaRules#load(List,
 * SigmaMapping, Map, SigmaRules)}); a mapping file that now fails keeps the whole previous set.
 *
 * <p>It polls modification times and sizes rather than using a WatchService: that one does not
 * recurse, misses edits on some file systems (NFS, bind mounts in containers) and editors that
 * replace files by renaming.
 */
public final class RuleWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RuleWatcher.class.getName());

  private final List<Path> dirs;
  private final Path mappingFile;
  private final Map<String, List<String>> placeholders;
  private Map<Path, String> stamps = Map.of();
  private volatile SigmaRules current;
  private volatile List<String> lastErrors = List.of();
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failedReloads = new AtomicLong();
  private ScheduledExecutorService timer;

  /** @param mappingFile null or missing: every rule loads but sees no event (reported) */
  public RuleWatcher(List<Path> dirs, Path mappingFile, Map<String, List<String>> placeholders) {
    this.dirs = List.copyOf(dirs);
    this.mappingFile = mappingFile;
    this.placeholders = placeholders;
  }

  /** The first load: a broken mapping file is an error here (there is nothing to keep). */
  public synchronized SigmaRules load() throws IOException {
    stamps = stamps();
    SigmaMapping mapping;
    try {
      mapping = mapping();
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    current = SigmaRules.load(existing(), mapping, placeholders);
    lastErrors = errors(current);
    return current;
  }

  /** Loads again if any file changed since the last look; returns the new set, or null when nothing changed. */
  public synchronized SigmaRules reloadIfChanged() throws IOException {
    Map<Path, String> now = stamps();
    if (now.equals(stamps)) return null;
    stamps = now;
    SigmaMapping mapping;
    try {
      mapping = mapping();
    } catch (IllegalArgumentException e) {
      failedReloads.incrementAndGet();
      lastErrors = List.of(e.getMessage());
      LOG.log(System.Logger.Level.WARNING, "rules not reloaded, the previous set keeps running: " + e.getMessage());
      return null;
    }
    SigmaRules next = SigmaRules.load(existing(), mapping, placeholders, current);
    current = next;
    reloads.incrementAndGet();
    lastErrors = errors(next);
    SigmaRules.LoadReport r = next.report();
    LOG.log(System.Logger.Level.INFO, "rules reloaded: " + r.loaded() + " loaded, " + r.failed().size() + " failed"
        + (r.keptPrevious().isEmpty() ? "" : ", previous version kept for " + r.keptPrevious()));
    for (SigmaException e : r.failed()) LOG.log(System.Logger.Level.WARNING, "rule not loaded: " + e);
    return next;
  }

  /** Checks every {@code everyMillis} on a daemon thread and hands each new set to {@code onReload}. */
  public synchronized void start(long everyMillis, Consumer<SigmaRules> onReload) {
    if (timer != null) throw new IllegalStateException("already started");
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-rule-watcher");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        SigmaRules next = reloadIfChanged();
        if (next != null) onReload.accept(next);
      } catch (IOException | RuntimeException e) {
        failedReloads.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "rules not reloaded: " + e);
      }
    }, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
  }

  public SigmaRules current() {
    return current;
  }

  /** The failures of the last load, as {@code file:line:column: reason} lines. */
  public List<String> lastErrors() {
    return lastErrors;
  }

  public long reloads() {
    return reloads.get();
  }

  public long failedReloads() {
    return failedReloads.get();
  }

  @Override
  public synchronized void close() {
    if (timer != null) timer.shutdownNow();
  }

  private static List<String> errors(SigmaRules r) {
    List<String> out = new ArrayList<>();
    for (SigmaException e : r.report().failed()) out.add(e.toString());
    return List.copyOf(out);
  }

  private SigmaMapping mapping() throws IOException {
    if (mappingFile == null || !Files.isRegularFile(mappingFile)) return SigmaMapping.empty();
    return SigmaMapping.parse(Files.readString(mappingFile, StandardCharsets.UTF_8), mappingFile.toString());
  }

  private List<Path> existing() {
    return dirs.stream().filter(Files::exists).toList();
  }

  /** Every watched file with its size and modification time. */
  private Map<Path, String> stamps() throws IOException {
    Map<Path, String> out = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    if (mappingFile != null && Files.isRegularFile(mappingFile)) files.add(mappingFile);
    for (Path d : existing()) {
      if (Files.isRegularFile(d)) {
        files.add(d);
        continue;
      }
      try (Stream<Path> walk = Files.walk(d)) {
        walk.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))).forEach(files::add);
      } catch (UncheckedIOException e) {
        // a file deleted during the walk: the next look sees the settled state
        return stamps;
      }
    }
    for (Path f : files) {
      try {
        out.put(f, Files.size(f) + ":" + Files.getLastModifiedTime(f).to(TimeUnit.NANOSECONDS));
      } catch (IOException e) {
        // deleted between the walk and now: leave it out
      }
    }
    return out;
  }
}
