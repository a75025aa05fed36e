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
    long ts = body.getLong();
    Transport t = Transport.ofCode(body.get());
    int flags = body.get() & 0xff;
    int metaLen = body.getShort() & 0xffff;
    ByteBuffer metaBuf = body.slice();
    metaBuf.limit(metaLen);
    ConnectionMeta meta = ConnectionMeta.decode(t, flags, metaBuf);
    body.position(body.position() + metaLen);
    byte[] payload = new byte[body.remaining()];
    body.get(payload);
    return new JournalRecord(offset, ts, flags, meta, payload);
  }
}
