package vn.soctinh.collector.testing;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.RecordFormat;

/** Reads back the records of a {@link RecordBatch} as the journal would store them, checking each CRC. */
public final class Batches {
  private Batches() {}

  public static List<JournalRecord> decode(RecordBatch batch, long firstOffset) {
    List<JournalRecord> out = new ArrayList<>();
    ByteBuf b = batch.buffer();
    long offset = firstOffset;
    for (int p = b.readerIndex(); p < b.writerIndex(); ) {
      int len = b.getInt(p);
      ByteBuffer body = b.nioBuffer(p + RecordFormat.HEADER_BYTES, len);
      CRC32C c = new CRC32C();
      c.update(body.duplicate());
      if ((int) c.getValue() != b.getInt(p + 4)) throw new IllegalStateException("bad CRC in a batch at " + p);
      out.add(JournalRecord.decode(offset++, body));
      p += RecordFormat.HEADER_BYTES + len;
    }
    return out;
  }
}
