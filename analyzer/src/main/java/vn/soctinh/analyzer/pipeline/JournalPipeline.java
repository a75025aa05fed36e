package vn.soctinh.analyzer.pipeline;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConsumer;

/**
 * What the analyzer's journal consumers share: a registered consumer and its position, and running
 * one step at a time on a thread of its own ({@link #start}, tools and tests) or as a Vert.x worker
 * verticle ({@link #deployOn}, the server). A step returns how long to wait before the next;
 * {@link #close} waits for the step in progress (never interrupts it: an interrupt during Lucene's
 * file I/O closes its channels), then lets the subclass commit.
 */
public abstract class JournalPipeline implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JournalPipeline.class.getName());

  protected final Journal journal;
  protected final JournalConsumer consumer;
  private final ReentrantLock stepLock = new ReentrantLock();
  private final long maxRetryWaitMs;
  private long retryWait = 100;
  private Thread thread;
  private String deployment;
  private io.vertx.core.Vertx vertx;
  private volatile boolean running = true;

  protected JournalPipeline(Journal journal, String consumerName, long maxRetryWaitMs) throws IOException {
    this.journal = journal;
    this.consumer = journal.registerConsumer(consumerName);
    this.maxRetryWaitMs = maxRetryWaitMs;
  }

  /** One step of work; returns how long to wait before the next. Runs under the step lock. */
  protected abstract long work();

  /** After the last step: make durable what the steps did. */
  protected abstract void finish();

  /** The thread's name, the verticle's purpose. */
  protected abstract String name();

  /** Runs on a thread of its own (tools and tests). */
  public synchronized JournalPipeline start() {
    if (thread != null || deployment != null) throw new IllegalStateException("already started");
    thread = new Thread(() -> {
      while (running) sleep(step());
    }, name());
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Runs as a worker verticle of {@code vertx} (the server); returns once deployed. */
  public synchronized JournalPipeline deployOn(io.vertx.core.Vertx vertx) throws Exception {
    if (thread != null || deployment != null) throw new IllegalStateException("already started");
    this.vertx = vertx;
    deployment = vertx.deployVerticle(new AnalyzerVerticle(this),
        new io.vertx.core.DeploymentOptions().setThreadingModel(io.vertx.core.ThreadingModel.WORKER).setMaxWorkerExecuteTime(5)
            .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return this;
  }

  final boolean running() {
    return running;
  }

  /** One step under the lock; 0 after a stop. */
  final long step() {
    stepLock.lock();
    try {
      return running ? work() : 0;
    } finally {
      stepLock.unlock();
    }
  }

  /** The next pause after a failure: doubling from 100 ms up to the maximum. */
  protected final long backoff() {
    long w = retryWait;
    retryWait = Math.min(retryWait * 2, maxRetryWaitMs);
    return w;
  }

  /** A step went through: the next failure waits 100 ms again. */
  protected final void recovered() {
    retryWait = 100;
  }

  /** Sleeps in short steps so that close() need not wait for a long backoff. */
  private void sleep(long ms) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    try {
      while (running && System.nanoTime() < end) TimeUnit.MILLISECONDS.sleep(Math.min(50, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops after the current step and makes durable what it did. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) thread.join(60_000);
    if (deployment != null) {
      try {
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.log(System.Logger.Level.WARNING, "undeploying " + name() + ": " + e);
      }
    }
    if (!stepLock.tryLock(60, TimeUnit.SECONDS)) {
      LOG.log(System.Logger.Level.WARNING, name() + ": a step is still running after 60 s; not committing");
      return;
    }
    try {
      finish();
    } finally {
      stepLock.unlock();
    }
  }
}
