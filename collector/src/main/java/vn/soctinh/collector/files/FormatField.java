package vn.soctinh.collector.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code "format"} field a JSON object file carries beside its content (users, tokens, report
 * drafts). Files of the releases before it have none and are of format 1: they read as they are and
 * carry the field from their next write. A file of a later release is refused, naming it.
 */
public final class FormatField {
  public static final String NAME = "format";

  private FormatField() {}

  /** The file's format from its field's {@code value} (null: absent, format 1); refused when newer than {@code supported}. */
  public static int check(Path file, String what, Object value, int supported) throws IOException {
    if (value == null) return FormatMarker.UNMARKED;
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1) {
      throw new IOException(file + ": \"" + NAME + "\" must be a whole number from 1, not " + value);
    }
    return UnsupportedFormatException.requireReadable(file, what, n.intValue(), supported);
  }
}
