package vn.soctinh.collector.journal;

import java.nio.ByteBuffer;
import java.time.Instant;

/** One record read back from the journal: its offset, metadata and the raw bytes as received. */
public record JournalRecord(long offset, long receivedAtNanos, int flags, ConnectionMeta meta, byte[] payload) {

  public Transport transport() {
    return meta.transport();
  }

  public Instant receivedAt() {
    return Instant.ofEpochSecond(Math.floorDiv(receivedAtNanos, 1_000_000_000L), Math.floorMod(receivedAtNanos, 1_000_000_000L));
  }

  /** Decodes a record body (the bytes after the 16-byte header), already CRC-checked. */
  public static JournalRecord decode(long offset, ByteBuffer body) {
    return decode(offset, body, null);
  }

  /**
   * As {@link #decode(long, ByteBuffer)}, reusing {@code previous} when this record's sender block is
   * the same bytes: consecutive records mostly come from one connection, and decoding its addresses
   * and names again for each was a twentieth of a reader's work.
   */
  static JournalRecord decode(long offset, ByteBuffer body, ConnectionMeta previous) {
    long ts = body.getLong();
    Transport t = Transport.ofCode(body.get());
    int flags = body.get() & 0xff;
    int metaLen = body.getShort() & 0xffff;
    ByteBuffer metaBuf = body.slice();
    metaBuf.limit(metaLen);
    ConnectionMeta meta = previous != null && previous.transport() == t && previous.unassigned() == ((flags & RecordFlags.UNASSIGNED) != 0)
        && metaBuf.equals(ByteBuffer.wrap(previous.encoded())) ? previous : ConnectionMeta.decode(t, flags, metaBuf);
    body.position(body.position() + metaLen);
    byte[] payload = new byte[body.remaining()];
    body.get(payload);
    return new JournalRecord(offset, ts, flags, meta, payload);
  }
}
