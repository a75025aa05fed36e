package vn.soctinh.analyzer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends notifications to every channel, off the caller's thread: each delivery is tried
 * {@code attempts} times with a doubling pause from {@code firstRetry}; one that never gets through
 * goes to the dead-letter file ({@code <data_dir>/notify/dead-letter.ndjson}) with the reason, so
 * nothing is lost silently. Drill notifications are not sent (they are counted).
 */
public final class Notifier implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Channel> channels;
  private final Templates templates;
  private final int attempts;
  private final Duration firstRetry;
  private final Path deadLetter;
  private final Clock clock;
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "soctinh-notify");
    t.setDaemon(true);
    return t;
  });
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong skippedDrills = new AtomicLong();

  public Notifier(List<Channel> channels, Templates templates, int attempts, Duration firstRetry, Path deadLetter, Clock clock) {
    this.channels = List.copyOf(channels);
    this.templates = templates;
    this.attempts = attempts;
    this.firstRetry = firstRetry;
    this.deadLetter = deadLetter;
    this.clock = clock;
  }

  public boolean hasChannels() {
    return !channels.isEmpty();
  }

  public void send(Notification n) {
    if (n.drill()) {
      skippedDrills.incrementAndGet();
      return;
    }
    String subject = templates.subject(n);
    String body = templates.body(n);
    for (Channel c : channels) pool.execute(() -> attempt(c, n, subject, body, 1));
  }

  private void attempt(Channel c, Notification n, String subject, String body, int attempt) {
    try {
      c.deliver(n, subject, body);
      delivered.incrementAndGet();
    } catch (Exception e) {
      if (attempt < attempts) {
        long delay = firstRetry.toMillis() << Math.min(attempt - 1, 10);
        pool.schedule(() -> attempt(c, n, subject, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
      } else {
        deadLetter(c, n, subject, e, attempt);
      }
    }
  }

  private synchronized void deadLetter(Channel c, Notification n, String subject, Exception e, int attempt) {
    LOG.log(System.Logger.Level.ERROR, "notification not delivered to " + c.name() + " after " + attempt + " attempts: " + subject + ": " + e);
    try {
      ObjectNode o = JSON.createObjectNode().put("at", clock.instant().toString()).put("channel", c.name()).put("kind", n.kind())
          .put("subject", subject).put("attempts", attempt).put("error", String.valueOf(e));
      ObjectNode f = o.putObject("fields");
      n.fields().forEach(f::put);
      Files.createDirectories(deadLetter.toAbsolutePath().getParent());
      Files.writeString(deadLetter, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException io) {
      LOG.log(System.Logger.Level.ERROR, "and the dead-letter file " + deadLetter + " could not be written: " + io);
    }
    deadLettered.incrementAndGet(); // after the file: whoever sees the count sees the line
  }

  public long delivered() {
    return delivered.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long skippedDrills() {
    return skippedDrills.get();
  }

  /** Lets deliveries under way finish for a few seconds (a retry waiting longer is dropped, and logged). */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, pool.shutdownNow().size() + " notification deliveries dropped at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
    }
  }
}
