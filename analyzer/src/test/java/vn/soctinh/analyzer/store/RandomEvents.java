package vn.soctinh.analyzer.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import vn.soctinh.analyzer.event.Event;

/**
 * ECS-shaped events as a hostile sender would make them: declared and undeclared names, values of
 * every type under every name, lists mixing types, maps where none belong and deep ones where they
 * do, long strings, lone surrogates, bad and long names, too many fields, and the guard's own names.
 * Sized for small limits ({@link #LIMITS}), so that each limit is crossed often.
 */
public final class RandomEvents {
  /** Small enough that generated events cross every limit now and then. */
  public static final FieldGuard.Limits LIMITS = new FieldGuard.Limits(40, 6, 3, 48, 64);

  private static final String[] DECLARED = {"@timestamp", "event.start", "event.end", "event.severity", "source.ip", "destination.ip",
      "source.port", "destination.port", "source.bytes", "message", "error.message", "event.original", "network.ratio",
      "tls.established", "user.name", "event.action", "related.ip", "host.ip", "file.size", "log.offset"};
  private static final String[] ODD_NAMES = {"_id", "_source", "a..b", ".lead", "trail.", "source", "log.syslog", "event",
      "soctinh", "x\uD800y", FieldGuard.MISTYPED, FieldGuard.LONG_TERMS, FieldGuard.OVERFLOW, "soctinh.long_terms.user.name",
      "soctinh.mistyped.source.port", "winlog.event_data.Status", "winlog.event_data.a", "cef.extensions.a.b"};
  private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "đăng", "nhập"};

  private final Random rnd;
  private long serial;

  public RandomEvents(long seed) {
    this.rnd = new Random(seed);
  }

  public Event next() {
    Event e = new Event();
    if (rnd.nextInt(5) == 0) { // a well-formed one now and then: the guard must leave it alone
      e.put("@timestamp", Instant.ofEpochSecond(1_790_000_000L + rnd.nextInt(1_000_000)));
      for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) e.put("custom." + word() + "." + i, word() + "-" + rnd.nextInt(1000));
      return e.put("event.id", "gen-" + (serial++));
    }
    if (rnd.nextInt(4) > 0) e.put("@timestamp", Instant.ofEpochSecond(1_790_000_000L + rnd.nextInt(1_000_000)));
    int n = rnd.nextInt(10) == 0 ? 30 + rnd.nextInt(40) : 1 + rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      String name = name();
      e.put(name, topValue(name));
    }
    e.put("event.id", "gen-" + (serial++));
    return e;
  }

  private String name() {
    int r = rnd.nextInt(20);
    if (r < 8) return DECLARED[rnd.nextInt(DECLARED.length)];
    if (r < 11) return EventStore.FREE_FORM[rnd.nextInt(EventStore.FREE_FORM.length)];
    if (r < 12) return ODD_NAMES[rnd.nextInt(ODD_NAMES.length)];
    if (r < 13) return "long." + "n".repeat(60 + rnd.nextInt(20));
    return "custom." + word() + "." + rnd.nextInt(1000);
  }

  private Object topValue(String name) {
    int r = rnd.nextInt(12);
    if (r < 3 || (r < 8 && isFreeForm(name))) return map(1);
    if (r < 6) return list(1);
    return scalar();
  }

  private static boolean isFreeForm(String name) {
    for (String f : EventStore.FREE_FORM) if (f.equals(name)) return true;
    return false;
  }

  private Map<String, Object> map(int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = depth == 1 && rnd.nextInt(10) == 0 ? 40 + rnd.nextInt(20) : rnd.nextInt(depth == 1 ? 5 : 3);
    for (int i = 0; i < n; i++) {
      String key = switch (rnd.nextInt(12)) {
        case 0 -> "";
        case 1 -> "k.";
        case 2 -> "lone\uDC00" + i;
        case 3 -> "key".repeat(20);
        case 4 -> "a";
        case 5 -> "a.b"; // meets {"a":{"b":...}} after flattening
        default -> word() + i;
      };
      // one nested map per level on average, so that some chains reach 7 levels and events stay small
      int r = rnd.nextInt(n + 4);
      Object v = r == 0 && depth < 7 ? map(depth + 1) : r == 1 ? list(depth + 1) : r == 2 ? null : scalar();
      m.put(key, v);
    }
    return m;
  }

  private List<Object> list(int depth) {
    List<Object> l = new ArrayList<>();
    int n = rnd.nextInt(8) == 0 ? 7 + rnd.nextInt(10) : rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      int r = rnd.nextInt(20);
      if (r == 0 && depth < 3) l.add(list(depth + 1));
      else if (r == 1 && depth < 3) l.add(map(depth + 1));
      else if (r == 2) l.add(null);
      else if (r == 3) l.add(rnd.nextInt(100_000)); // an Integer, as a hand-built list may hold
      else if (r == 4) l.add(rnd.nextFloat());
      else l.add(scalar());
    }
    return l;
  }

  private Object scalar() {
    return switch (rnd.nextInt(22)) {
      case 0 -> rnd.nextLong();
      case 1 -> (long) rnd.nextInt(70_000);
      case 2 -> rnd.nextDouble() * 1000;
      case 3 -> (double) rnd.nextInt(5000);
      case 4 -> rnd.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY;
      case 5 -> rnd.nextBoolean();
      case 6 -> Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(100_000_000));
      case 7 -> Instant.parse("+12026-01-01T00:00:00Z").plusSeconds(rnd.nextInt(1000));
      case 8 -> Long.toString(rnd.nextInt(70_000));
      case 9 -> "-" + (rnd.nextInt(9) + 1) + "." + rnd.nextInt(1000) + "e" + rnd.nextInt(5);
      case 10 -> "99999999999999999999" + rnd.nextInt(10);
      case 11 -> Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(100_000_000)) + "";
      case 12 -> "2026-11-2" + rnd.nextInt(10) + "T1" + rnd.nextInt(10) + ":00:00+07:00";
      case 13 -> (rnd.nextInt(223) + 1) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
      case 14 -> "2001:db8::" + Integer.toHexString(rnd.nextInt(65536));
      case 15 -> rnd.nextBoolean() ? "true" : "false";
      case 16 -> word().repeat(5 + rnd.nextInt(20)) + rnd.nextInt(1000); // over the small term limit
      case 17 -> word() + "\uD800" + rnd.nextInt(1000);
      case 18 -> "\uDFFF" + word() + " \uD83D\uDE00 " + rnd.nextInt(1000);
      case 19 -> "300.1.2." + rnd.nextInt(10);
      default -> word() + "-" + rnd.nextInt(100_000);
    };
  }

  private String word() {
    return WORDS[rnd.nextInt(WORDS.length)];
  }
}
