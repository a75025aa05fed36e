package vn.soctinh.analyzer.detect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

/**
 * One alert per rule and key within a window, however often the rule fires: a web scanner that
 * trips the SQL-injection rule 5,000 times in ten minutes is one alert whose count reaches 5,000,
 * not 5,000 alerts. Within the window a new firing updates the open alert (same {@code event.id},
 * so the store overwrites it): {@code event.sequence} grows, {@code event.end} and
 * {@code @timestamp} move on, event ids are added up to a cap. The window is in event time and
 * starts at the alert's first event.
 *
 * <p>The key is the rule id, the agency, and the correlation's group-by values, or for a detection
 * rule the values of the configured fields in the event (by default source and destination
 * address, host and user). Memory is bounded: at most {@code maxOpen} open alerts, the least
 * recently updated closed first.
 */
public final class AlertSuppressor {
  static final int MAX_EVENT_IDS = 50;

  private final long windowMs;
  private final int maxOpen;
  private final List<String> keyFields;
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);
  private long suppressed;

  private static final class Open {
    final Event doc;
    final long first;

    Open(Event doc, long first) {
      this.doc = doc;
      this.first = first;
    }
  }

  /** The fields that tell detection-rule alerts apart by default. */
  public static final List<String> DEFAULT_KEY_FIELDS = List.of("source.ip", "destination.ip", "host.name", "user.name");

  /** @param window 0 turns suppression off */
  public AlertSuppressor(Duration window, int maxOpen, List<String> keyFields) {
    this.windowMs = window.toMillis();
    this.maxOpen = maxOpen;
    this.keyFields = List.copyOf(keyFields);
  }

  /**
   * The document to publish for a new alert: {@code doc} itself, or the open alert of the same
   * rule and key with {@code doc}'s events added.
   *
   * @param event the event that raised a detection rule's alert (null for correlations)
   */
  public Event admit(Event doc, Event event) {
    if (windowMs <= 0) return doc;
    String key = key(doc, event);
    Instant start = doc.getInstant("event.start");
    Instant end = doc.getInstant("event.end");
    long t0 = start != null ? start.toEpochMilli() : 0;
    long t1 = end != null ? end.toEpochMilli() : t0;
    Open o = open.get(key);
    if (o != null && t1 - o.first <= windowMs && t1 >= o.first - windowMs) {
      suppressed++;
      merge(o.doc, doc);
      return o.doc;
    }
    open.put(key, new Open(doc, t0));
    if (open.size() > maxOpen) {
      Iterator<String> it = open.keySet().iterator();
      it.next();
      it.remove();
    }
    return doc;
  }

  private static void merge(Event into, Event next) {
    Long n = into.getLong("event.sequence");
    Long m = next.getLong("event.sequence");
    into.put("event.sequence", (n == null ? 1 : n) + (m == null ? 1 : m));
    Instant end = into.getInstant("event.end");
    Instant nextEnd = next.getInstant("event.end");
    if (nextEnd != null && (end == null || nextEnd.isAfter(end))) {
      into.put("event.end", nextEnd);
      into.put("@timestamp", nextEnd);
    }
    Instant start = into.getInstant("event.start");
    Instant nextStart = next.getInstant("event.start");
    if (nextStart != null && start != null && nextStart.isBefore(start)) into.put("event.start", nextStart);
    List<Object> ids = new ArrayList<>();
    if (into.get("soctinh.event_ids") instanceof List<?> l) ids.addAll(l);
    if (next.get("soctinh.event_ids") instanceof List<?> l) {
      for (Object id : l) if (ids.size() < MAX_EVENT_IDS && !ids.contains(id)) ids.add(id);
    }
    into.put("soctinh.event_ids", ids);
  }

  private String key(Event doc, Event event) {
    StringBuilder b = new StringBuilder();
    b.append(doc.getString("rule.id")).append('\u0000').append(doc.getString("organization.id"));
    // a drill's alerts never fold into a real one (or another drill's): each is scored and paged on its own
    b.append('\u0000').append(doc.getString("labels.drill_id")).append('\u0000').append(doc.getString("labels.drill_step"));
    if ("true".equals(doc.getString("labels.correlation")) || event == null) {
      // the group-by values are in the document as labels.group_*
      doc.forEach((k, v) -> {
        if (k.startsWith("labels.group_")) b.append('\u0000').append(k).append('=').append(v);
      });
    } else {
      for (String f : keyFields) b.append('\u0000').append(event.get(f) == null ? "" : String.valueOf(event.get(f)));
    }
    return b.toString();
  }

  /** Firings folded into an open alert, since start. */
  public long suppressed() {
    return suppressed;
  }

  public int openAlerts() {
    return open.size();
  }

  /** Writes the open alerts (they belong to the saved detection state: a replay must grow them, not start new ones). */
  void writeState(DataOutputStream out) throws IOException {
    out.writeInt(open.size());
    for (Map.Entry<String, Open> e : open.entrySet()) {
      byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] d = EcsJson.writeBytes(e.getValue().doc);
      out.writeInt(k.length);
      out.write(k);
      out.writeLong(e.getValue().first);
      out.writeInt(d.length);
      out.write(d);
    }
  }

  void readState(DataInputStream in) throws IOException {
    readState(in, rule -> true);
  }

  /** Reads saved open alerts, keeping those of the rules {@code owned} accepts (a detection shard's). */
  void readState(DataInputStream in, java.util.function.Predicate<String> owned) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 100_000_000) throw new IOException("corrupt alert state (" + n + " open alerts)");
    for (int i = 0; i < n; i++) {
      String key = new String(bytes(in), StandardCharsets.UTF_8);
      long first = in.readLong();
      byte[] doc = bytes(in);
      int end = key.indexOf('\u0000');
      if (!owned.test(end < 0 ? key : key.substring(0, end))) continue;
      open.put(key, new Open(EcsJson.read(new String(doc, StandardCharsets.UTF_8)), first));
    }
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 << 20) throw new IOException("corrupt alert state (" + n + " bytes)");
    byte[] b = in.readNBytes(n);
    if (b.length != n) throw new java.io.EOFException("alert state cut short");
    return b;
  }
}
