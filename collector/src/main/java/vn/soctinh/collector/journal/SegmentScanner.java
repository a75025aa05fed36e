package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the records of one segment file and checks each one: length bounds, CRC32C of the body and
 * the offset sequence. Recovery, readers and stats all go through it, so there is one definition of
 * "a good record". It reads through a reusable buffer and allocates nothing per record; it never
 * reads past the limit it is given, so a writer's half-written bytes are never looked at.
 */
final class SegmentScanner {
  enum Status {
    /** A good record; see {@link #body()}, {@link #recordOffset()}. */
    RECORD,
    /** Exactly at the limit: every record before it was good. */
    END,
    /** The bytes up to the limit end inside a record (a tail still being written, or torn). */
    INCOMPLETE,
    /** A record that can never become valid; see {@link #problem()}. */
    CORRUPT
  }

  private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buf = ByteBuffer.allocate(INITIAL_BUFFER_BYTES);
  /** File position of buf[0]; buf holds file bytes [bufStart, bufStart + buf.limit()). */
  private long bufStart;
  private long position;
  private long expectedOffset;
  private int bodyIndex;
  private int bodyLength;
  private String problem;

  SegmentScanner(FileChannel channel, long position, long expectedOffset) {
    this.channel = channel;
    this.position = position;
    this.expectedOffset = expectedOffset;
    this.bufStart = position;
    buf.limit(0);
  }

  /** File position of the next record (after a RECORD: just past it). */
  long position() {
    return position;
  }

  /** Offset the next record must carry. */
  long expectedOffset() {
    return expectedOffset;
  }

  long recordOffset() {
    return expectedOffset - 1;
  }

  String problem() {
    return problem;
  }

  /** The last RECORD's body, as a fresh view (position 0) that is valid until the next call. */
  ByteBuffer body() {
    return buf.slice(bodyIndex, bodyLength);
  }

  /** Reads the body byte at {@code i} of the last RECORD without allocating. */
  byte bodyByte(int i) {
    return buf.get(bodyIndex + i);
  }

  int bodyLength() {
    return bodyLength;
  }

  Status next(long limit) throws IOException {
    if (position >= limit) return Status.END;
    if (!fill(RecordFormat.HEADER_BYTES, limit)) return Status.INCOMPLETE;
    int at = (int) (position - bufStart);
    int len = buf.getInt(at);
    int storedCrc = buf.getInt(at + 4);
    long offset = buf.getLong(at + 8);
    if (len < RecordFormat.BODY_FIXED_BYTES || len > RecordFormat.MAX_BODY_BYTES) {
      problem = "bad body length " + len;
      return Status.CORRUPT;
    }
    if (!fill(RecordFormat.HEADER_BYTES + len, limit)) return Status.INCOMPLETE;
    at = (int) (position - bufStart);
    int body = at + RecordFormat.HEADER_BYTES;
    int savedLimit = buf.limit();
    buf.limit(body + len).position(body);
    crc.reset();
    crc.update(buf);
    buf.limit(savedLimit).position(0);
    if ((int) crc.getValue() != storedCrc) {
      problem = "CRC32C mismatch";
      return Status.CORRUPT;
    }
    if (offset != expectedOffset) {
      problem = "offset " + offset + " where " + expectedOffset + " was expected";
      return Status.CORRUPT;
    }
    bodyIndex = body;
    bodyLength = len;
    position += RecordFormat.HEADER_BYTES + len;
    expectedOffset++;
    return Status.RECORD;
  }

  /** Makes {@code n} bytes from {@link #position} available in buf, reading no further than limit. */
  private boolean fill(int n, long limit) throws IOException {
    if (position + n > limit) return false;
    long bufEnd = bufStart + buf.limit();
    if (position + n <= bufEnd) return true;
    int keep = (int) (bufEnd - position);
    if (n > buf.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
      System.arraycopy(buf.array(), (int) (position - bufStart), bigger.array(), 0, keep);
      buf = bigger;
    } else if (keep > 0) {
      System.arraycopy(buf.array(), (int) (position - bufStart), buf.array(), 0, keep);
    }
    bufStart = position;
    buf.limit(buf.capacity()).position(keep);
    long readUpTo = Math.min(limit, bufStart + buf.capacity());
    buf.limit((int) (readUpTo - bufStart));
    while (buf.hasRemaining()) {
      int r = channel.read(buf, bufStart + buf.position());
      if (r < 0) break;
    }
    buf.limit(buf.position()).position(0);
    return position + n <= bufStart + buf.limit();
  }
}
