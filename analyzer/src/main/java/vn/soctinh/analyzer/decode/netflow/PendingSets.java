package vn.soctinh.analyzer.decode.netflow;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Data sets whose template has not arrived yet (exporters announce templates every few minutes,
 * and UDP reorders), held so that they can be read once it does. Bounded per template key and in
 * total; what no longer fits, what waited longer than the template timeout and what is left at
 * {@link #drain} is handed to the release callback, oldest first, never dropped. One thread.
 */
final class PendingSets {
  /** Bookkeeping per held set (objects, queue slots), counted against the bounds with its bytes. */
  static final int OVERHEAD_BYTES = 128;

  /** One held data set: its bytes (set header included) and the packet it came in. */
  static final class Held {
    final TemplateKey key;
    final byte[] set;
    final FlowContext context;
    boolean gone;

    Held(TemplateKey key, byte[] set, FlowContext context) {
      this.key = key;
      this.set = set;
      this.context = context;
    }

    long cost() {
      return set.length + (long) OVERHEAD_BYTES;
    }
  }

  private static final class KeyQueue {
    final ArrayDeque<Held> sets = new ArrayDeque<>();
    long bytes;
  }

  private final long maxBytes;
  private final long maxBytesPerKey;
  private final long timeoutSecs;
  /** Every held set in arrival order; sets taken out of the middle stay, marked gone, until they reach the head. */
  private final ArrayDeque<Held> arrival = new ArrayDeque<>();
  private final Map<TemplateKey, KeyQueue> byKey = new HashMap<>();
  private long bytes;
  private int live;

  PendingSets(long maxBytes, long maxBytesPerKey, long timeoutSecs) {
    this.maxBytes = maxBytes;
    this.maxBytesPerKey = Math.min(maxBytes, maxBytesPerKey);
    this.timeoutSecs = timeoutSecs;
  }

  /**
   * Holds a set, first releasing the oldest sets of its key, then the oldest of all, until it fits;
   * the release callback gets the set and why it was given up on.
   */
  void hold(Held h, BiConsumer<Held, String> release) {
    if (h.cost() > maxBytesPerKey) {
      release.accept(h, "too large to hold within max_pending_bytes_per_template");
      return;
    }
    KeyQueue mine = byKey.get(h.key);
    while (mine != null && mine.bytes + h.cost() > maxBytesPerKey) {
      release.accept(remove(mine.sets.peekFirst()), "max_pending_bytes_per_template reached");
      mine = byKey.get(h.key);
    }
    while (bytes + h.cost() > maxBytes) release.accept(remove(peekOldest()), "max_pending_bytes reached");
    KeyQueue q = byKey.computeIfAbsent(h.key, k -> new KeyQueue());
    q.sets.addLast(h);
    q.bytes += h.cost();
    arrival.addLast(h);
    bytes += h.cost();
    live++;
    if (arrival.size() > 2 * live + 64) arrival.removeIf(x -> x.gone);
  }

  /** Takes every set held for a key (its template has arrived), oldest first. */
  List<Held> take(TemplateKey key) {
    KeyQueue mine = byKey.remove(key);
    if (mine == null) return List.of();
    for (Held h : mine.sets) unaccount(h);
    return List.copyOf(mine.sets);
  }

  /** Releases sets that have waited longer than the template timeout (0: they wait for the bounds). */
  void expire(Instant now, BiConsumer<Held, String> release) {
    if (timeoutSecs <= 0) return;
    for (Held h = peekOldest(); h != null && now.getEpochSecond() - h.context.receivedAt.getEpochSecond() > timeoutSecs; h = peekOldest()) {
      release.accept(remove(h), "held longer than template_timeout_secs");
    }
  }

  /** Releases everything, oldest first. */
  void drain(BiConsumer<Held, String> release) {
    for (Held h = peekOldest(); h != null; h = peekOldest()) release.accept(remove(h), "still held at the end of input");
  }

  long bytes() {
    return bytes;
  }

  int sets() {
    return live;
  }

  private Held peekOldest() {
    while (!arrival.isEmpty() && arrival.peekFirst().gone) arrival.pollFirst();
    return arrival.peekFirst();
  }

  /** Takes one set out of its key's queue (it is the first there: arrival order holds within a key). */
  private Held remove(Held h) {
    KeyQueue mine = byKey.get(h.key);
    mine.sets.remove(h);
    mine.bytes -= h.cost();
    if (mine.sets.isEmpty()) byKey.remove(h.key);
    unaccount(h);
    return h;
  }

  private void unaccount(Held h) {
    h.gone = true;
    bytes -= h.cost();
    live--;
  }
}
