package vn.soctinh.collector.testing;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.RecordFormat;

/**
 * A journal stand-in for listener tests: decodes every appended batch (checking each CRC) and keeps
 * the records in memory. {@link #setAccepting} simulates a journal over its disk budget.
 */
public final class MemoryAppender implements RecordAppender {
  private final List<JournalRecord> records = new ArrayList<>();
  private final List<Runnable> waiting = new ArrayList<>();
  private volatile boolean accepting = true;
  private long next;

  @Override
  public synchronized CompletableFuture<Long> append(RecordBatch batch) {
    ByteBuf b = batch.buffer();
    long first = next;
    try {
      int p = b.readerIndex();
      while (p < b.writerIndex()) {
        int len = b.getInt(p);
        int crc = b.getInt(p + 4);
        java.nio.ByteBuffer body = b.nioBuffer(p + RecordFormat.HEADER_BYTES, len);
        CRC32C c = new CRC32C();
        c.update(body.duplicate());
        if ((int) c.getValue() != crc) throw new IllegalStateException("bad CRC in a batch at " + p);
        records.add(JournalRecord.decode(next++, body));
        p += RecordFormat.HEADER_BYTES + len;
      }
    } finally {
      batch.release();
    }
    notifyAll();
    return CompletableFuture.completedFuture(first);
  }

  @Override
  public boolean accepting() {
    return accepting;
  }

  @Override
  public long pendingBytes() {
    return 0;
  }

  @Override
  public synchronized void whenWritable(Runnable r) {
    if (accepting) r.run();
    else waiting.add(r);
  }

  public void setAccepting(boolean a) {
    List<Runnable> run;
    synchronized (this) {
      accepting = a;
      if (!a) return;
      run = new ArrayList<>(waiting);
      waiting.clear();
    }
    run.forEach(Runnable::run);
  }

  public synchronized List<JournalRecord> records() {
    return List.copyOf(records);
  }

  /** Waits (bounded) until at least n records arrived; returns them. */
  public synchronized List<JournalRecord> awaitRecords(int n, long timeoutMillis) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (records.size() < n && System.currentTimeMillis() < end) wait(Math.max(1, end - System.currentTimeMillis()));
    return List.copyOf(records);
  }
}
