package vn.soctinh.collector.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;

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
    long first = next;
    try {
      List<JournalRecord> decoded = Batches.decode(batch, next);
      records.addAll(decoded);
      next += decoded.size();
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

  /** Callbacks waiting for the journal to accept again: a listener that paused reading registered one. */
  public synchronized int waiters() {
    return waiting.size();
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
