package vn.soctinh.collector.relp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.testing.Batches;

/**
 * A journal stand-in: decodes and keeps every appended record, releases the batch, and returns a
 * future that the test completes by hand, or that completes on {@code completer} when one is set.
 */
final class RecordingAppender implements RecordAppender {
  final List<JournalRecord> records = new ArrayList<>();
  final List<CompletableFuture<Long>> futures = new ArrayList<>();
  final List<Integer> batchSizes = new ArrayList<>();
  private final Executor completer;
  volatile boolean accepting = true;
  Runnable whenWritable;
  private long nextOffset;

  RecordingAppender(Executor completer) {
    this.completer = completer;
  }

  RecordingAppender() {
    this(null);
  }

  @Override
  public synchronized CompletableFuture<Long> append(RecordBatch batch) {
    long first = nextOffset;
    try {
      List<JournalRecord> decoded = Batches.decode(batch, nextOffset);
      records.addAll(decoded);
      nextOffset += decoded.size();
      batchSizes.add(batch.count());
    } finally {
      batch.release();
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    futures.add(f);
    if (completer != null) {
      completer.execute(() -> f.complete(first));
    }
    return f;
  }

  synchronized List<JournalRecord> records() {
    return new ArrayList<>(records);
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
    whenWritable = r;
  }
}
