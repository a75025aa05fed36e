package vn.soctinh.app.config;

/**
 * One thing wrong with a configuration file, with where it is.
 *
 * @param file the file name as given (or the source name of a string)
 * @param line 1-based line, or 0 when there is no position (missing file, an unreadable file)
 * @param column 1-based column, or 0 when there is no position
 * @param key dotted key path such as {@code listeners.syslog_tcp.max_frame_bytes} or
 *     {@code sources[1].cidrs[0]}, or null when the problem is not about one key (YAML syntax)
 * @param message what is wrong, usually "expected ... but was ..."
 */
public record ConfigProblem(String file, int line, int column, String key, String message) {

  /** {@code file:line:column: key: message}, leaving out the parts that are unknown. */
  public String format() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) sb.append(':').append(column);
    }
    sb.append(": ");
    if (key != null && !key.isEmpty()) sb.append(key).append(": ");
    return sb.append(message).toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
