package vn.soctinh.collector.journal;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only, CRC-checked journal that makes "never lose a line" true. API CONTRACT (being
 * implemented): see the method comments.
 */
public final class Journal implements RecordAppender, AutoCloseable {

  /**
   * Opens (creating if needed) the journal in {@code config.dir()}. Recovers: scans the last
   * segment, truncates a torn tail record (bad length or CRC) and counts it. Starts the writer thread.
   */
  public static Journal open(JournalConfig config, MeterRegistry registry) throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  /** Opens a journal directory for reading only (CLI while a server may be writing): no recovery, no writer. */
  public static Journal openReadOnly(Path dir) throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Hands a batch to the writer (group commit). Takes ownership of the batch (releases it). The future
   * completes with the first offset once the records are durable per the fsync policy. Never refuses
   * a batch for lack of budget: callers check {@link #accepting()} first and back off.
   */
  @Override
  public CompletableFuture<Long> append(RecordBatch batch) {
    throw new UnsupportedOperationException("TODO");
  }

  /** False while the disk budget is exhausted (max_bytes or min free disk). */
  @Override
  public boolean accepting() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Bytes handed to {@link #append} and not yet written. */
  @Override
  public long pendingBytes() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Runs {@code r} once (on the writer thread) when accepting and pending bytes are below half of max. */
  @Override
  public void whenWritable(Runnable r) {
    throw new UnsupportedOperationException("TODO");
  }

  public JournalConsumer registerConsumer(String name) throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  public JournalReader reader(long fromOffset) throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  public JournalStats stats() throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  /** Offset the next appended record will get. */
  public long nextOffset() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Writes and fsyncs everything handed over so far; used at shutdown. */
  public void flush() throws IOException {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() throws IOException {
    throw new UnsupportedOperationException("TODO");
  }
}
