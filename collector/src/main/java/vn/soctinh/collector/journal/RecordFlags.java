package vn.soctinh.collector.journal;

/**
 * Bit flags stored with each record. They describe how the bytes were framed, never what they
 * mean: the collector does not parse log content.
 */
public final class RecordFlags {
  /** The frame was longer than the listener's limit; the record holds its first bytes only. */
  public static final int TRUNCATED = 1;
  /** The connection closed before the frame's delimiter or announced length arrived. */
  public static final int PARTIAL = 1 << 1;
  /** The frame came with an RFC 6587 octet count (otherwise delimiter-framed or a datagram). */
  public static final int OCTET_COUNTED = 1 << 2;
  /** The sender was not found in the sources table and was attributed to {@code unassigned}. */
  public static final int UNASSIGNED = 1 << 3;

  private RecordFlags() {}

  public static String describe(int flags) {
    StringBuilder sb = new StringBuilder();
    if ((flags & TRUNCATED) != 0) sb.append("truncated,");
    if ((flags & PARTIAL) != 0) sb.append("partial,");
    if ((flags & OCTET_COUNTED) != 0) sb.append("octet_counted,");
    if ((flags & UNASSIGNED) != 0) sb.append("unassigned,");
    if (sb.length() > 0) sb.setLength(sb.length() - 1);
    return sb.toString();
  }
}
