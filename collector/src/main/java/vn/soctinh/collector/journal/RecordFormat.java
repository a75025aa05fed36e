package vn.soctinh.collector.journal;

/**
 * The on-disk layout of one journal record (all integers big-endian):
 *
 * <pre>
 * int32  bodyLength      bytes of the body below
 * int32  crc32c          CRC32C of the body
 * int64  offset          the record's position in the journal (0, 1, 2, ...), set by the writer
 * --- body ---
 * int64  receivedAtNanos receive time, UTC epoch nanoseconds
 * int8   transport       {@link Transport#code()}
 * int8   flags           {@link RecordFlags}
 * int16  metaLength      length of the meta block
 * bytes  meta            listener, peer address and port, agency, TLS peer name ({@link ConnectionMeta})
 * bytes  payload         the raw bytes as received, never parsed
 * </pre>
 *
 * The offset is outside the CRC so that producers can checksum on their own threads; a reader
 * checks it against the expected sequence instead.
 */
public final class RecordFormat {
  public static final int HEADER_BYTES = 16;
  public static final int BODY_FIXED_BYTES = 8 + 1 + 1 + 2;
  /** Upper bound for one record's body: protects readers from a corrupt length field. */
  public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private RecordFormat() {}
}
