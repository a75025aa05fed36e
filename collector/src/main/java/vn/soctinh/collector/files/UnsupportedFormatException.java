package vn.soctinh.collector.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Data this release cannot use as it is, named with the file and what to do: written by a newer
 * release (install that release again, or restore the backup taken before the upgrade), or of an
 * older format that only an offline command migrates. Thrown before anything was changed.
 */
public final class UnsupportedFormatException extends IOException {
  private final Path path;
  private final int found;
  private final int supported;

  private UnsupportedFormatException(Path path, int found, int supported, String message) {
    super(message);
    this.path = path;
    this.found = found;
    this.supported = supported;
  }

  /** {@code what} at {@code path} is of format {@code found}, newer than {@code supported}, the newest this release reads. */
  public static UnsupportedFormatException newer(Path path, String what, int found, int supported) {
    return new UnsupportedFormatException(path, found, supported, path + ": " + what + " of format " + found
        + ", newer than this release of SOC Tỉnh reads (" + supported + "): it was written by a later release."
        + " Install that release (or a newer one) again, or restore the backup taken before; nothing was changed");
  }

  /** {@code what} at {@code path} is of format {@code found}, older than this release opens; {@code command} migrates it. */
  public static UnsupportedFormatException needsCommand(Path path, String what, int found, int current, String command) {
    return new UnsupportedFormatException(path, found, current, path + ": " + what + " of format " + found
        + ", which this release of SOC Tỉnh (format " + current + ") does not open as it is: stop the server and run " + command
        + "; nothing was changed");
  }

  /** Refuses {@code found} when it is newer than {@code supported}; returns it otherwise. */
  public static int requireReadable(Path path, String what, int found, int supported) throws UnsupportedFormatException {
    if (found > supported) throw newer(path, what, found, supported);
    return found;
  }

  public Path path() {
    return path;
  }

  public int found() {
    return found;
  }

  public int supported() {
    return supported;
  }
}
