package vn.soctinh.collector.journal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Records encoded in the journal's format, ready to be appended in one write. Built on the
 * producer's thread (a Netty event loop), checksummed there, so the journal writer only assigns
 * offsets, writes and fsyncs. Not thread-safe; owned by one producer until appended.
 */
public final class RecordBatch {
  private final ByteBuf buf;
  private final CRC32C crc = new CRC32C();
  private int count;
  private long payloadBytes;

  public RecordBatch(ByteBufAllocator alloc, int initialCapacity) {
    this.buf = alloc.directBuffer(initialCapacity);
  }

  /** Appends one record whose payload is {@code payload}'s readable bytes (not consumed). */
  public void add(ConnectionMeta meta, long receivedAtNanos, int flags, ByteBuf payload) {
    add(meta, receivedAtNanos, flags, payload, payload.readerIndex(), payload.readableBytes());
  }

  public void add(ConnectionMeta meta, long receivedAtNanos, int flags, ByteBuf payload, int index, int length) {
    byte[] m = meta.encoded();
    if (meta.unassigned()) flags |= RecordFlags.UNASSIGNED;
    int body = RecordFormat.BODY_FIXED_BYTES + m.length + length;
    int start = buf.writerIndex();
    buf.ensureWritable(RecordFormat.HEADER_BYTES + body);
    buf.writeInt(body);
    buf.writeInt(0); // crc, filled below
    buf.writeLong(-1L); // offset, set by the writer
    int bodyStart = buf.writerIndex();
    buf.writeLong(receivedAtNanos);
    buf.writeByte(meta.transport().code());
    buf.writeByte(flags);
    buf.writeShort(m.length);
    buf.writeBytes(m);
    // copy from the payload's side: with Netty 4.2's adaptive allocator, writeBytes(slice) makes a
    // ByteBuffer view of the slice per call (64 B of garbage a record); getBytes copies directly
    int payloadAt = buf.writerIndex();
    payload.getBytes(index, buf, payloadAt, length);
    buf.writerIndex(payloadAt + length);
    crc.reset();
    crc.update(buf.internalNioBuffer(bodyStart, body));
    buf.setInt(start + 4, (int) crc.getValue());
    count++;
    payloadBytes += length;
  }

  /** Convenience for callers holding a byte array (HTTP intake, tests). */
  public void add(ConnectionMeta meta, long receivedAtNanos, int flags, byte[] payload) {
    ByteBuf wrapped = io.netty.buffer.Unpooled.wrappedBuffer(payload);
    add(meta, receivedAtNanos, flags, wrapped);
  }

  public int count() {
    return count;
  }

  /** Bytes this batch will occupy on disk. */
  public int encodedBytes() {
    return buf.readableBytes();
  }

  public long payloadBytes() {
    return payloadBytes;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The encoded records; the journal writer sets offsets in place and writes these bytes. */
  public ByteBuf buffer() {
    return buf;
  }

  /** Writes offsets {@code first, first+1, ...} into the record headers. */
  void assignOffsets(long first) {
    int p = buf.readerIndex();
    int end = buf.writerIndex();
    long off = first;
    while (p < end) {
      int body = buf.getInt(p);
      buf.setLong(p + 8, off++);
      p += RecordFormat.HEADER_BYTES + body;
    }
  }

  ByteBuffer nioBuffer() {
    return buf.nioBuffer();
  }

  /** Releases the buffer. Called by the journal once the batch is written (or refused). */
  public void release() {
    if (buf.refCnt() > 0) buf.release();
  }
}
