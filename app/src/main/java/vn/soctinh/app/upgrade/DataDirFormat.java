package vn.soctinh.app.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import vn.soctinh.collector.files.FormatMarker;
import vn.soctinh.collector.files.Release;
import vn.soctinh.collector.files.UnsupportedFormatException;

/**
 * The data directory's format, in {@code <data_dir>/format.json}: the layout of the directory and
 * of the files in it that carry no version of their own (audit chain, evidence, lists, state
 * files). Every command that opens the data directory refuses one a later release marked; the
 * server marks a directory that has no marker (a new one, or one of a release before markers,
 * whose format is 1) once it has opened everything in it, and {@code soctinh upgrade} does what a start cannot.
 */
public final class DataDirFormat {
  /** The format this release writes and reads. */
  public static final int FORMAT = 1;
  /** The oldest format a server opens as it is; older ones need {@code soctinh upgrade} first. */
  static final int OLDEST_OPENED = 1;
  static final String WHAT = "data directory";

  private DataDirFormat() {}

  /** For read-only commands: the format found (1 without a marker, or without the directory); refused when newer. */
  public static int check(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) return FORMAT;
    return FormatMarker.check(dataDir, WHAT, FORMAT);
  }

  /**
   * For the server, before it opens anything in {@code dataDir}: refuses a later release's directory
   * and one older than it opens. True when the directory is to be marked ({@link #mark}) once the
   * server has opened everything in it: it has no marker (new, or of a release before markers).
   */
  public static boolean checkForServer(Path dataDir) throws IOException {
    Optional<FormatMarker> found = FormatMarker.read(dataDir);
    int format = check(dataDir);
    if (format < OLDEST_OPENED) {
      throw UnsupportedFormatException.needsCommand(FormatMarker.file(dataDir), WHAT, format, FORMAT, "soctinh upgrade");
    }
    return found.isEmpty() || found.get().format() < FORMAT;
  }

  public static void mark(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    new FormatMarker(FORMAT, Release.writer()).write(dataDir);
  }
}
