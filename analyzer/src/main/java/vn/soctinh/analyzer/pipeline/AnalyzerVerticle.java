package vn.soctinh.analyzer.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Runs a {@link JournalPipeline} (the store's, detection's) as a Vert.x worker verticle: each step (read a batch, parse,
 * stages, store, maybe commit) runs on the verticle's worker context, and the pause the step asks
 * for (idle, or backoff after a store failure) is a timer, not a sleeping thread. Steps never
 * overlap: the next is scheduled when the previous returns.
 */
public final class AnalyzerVerticle extends VerticleBase {
  private final JournalPipeline pipeline;
  private volatile boolean stopped;

  AnalyzerVerticle(JournalPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public Future<?> start() {
    schedule(0);
    return Future.succeededFuture();
  }

  private void schedule(long delayMs) {
    if (stopped) return;
    if (delayMs <= 0) context.runOnContext(v -> tick());
    else vertx.setTimer(delayMs, id -> tick());
  }

  private void tick() {
    if (stopped || !pipeline.running()) return;
    schedule(pipeline.step());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return Future.succeededFuture();
  }
}
