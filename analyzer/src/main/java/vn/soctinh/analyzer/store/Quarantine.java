package vn.soctinh.analyzer.store;

import java.time.Instant;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

/**
 * The document a store writes to {@link DocKind#QUARANTINE} in place of one it refused for what it
 * contains (a mapping conflict, a term too long, a document too large): the same shape on both
 * stores, built only from values whose types cannot be refused again. Its {@code event.id} is the
 * refused document's, so a replay of the journal rewrites it instead of adding a second one, and
 * loss accounting counts it once (received = stored + quarantined + in flight).
 */
public final class Quarantine {
  /** Where the whole refused document is kept, as JSON text (stored, not indexed). */
  public static final String DOCUMENT = "document";
  /** {@code error.type} of a quarantined document. */
  public static final String REFUSED = "store_refused";

  private static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");

  private Quarantine() {}

  /**
   * @param refused the document the store refused
   * @param kind what it was going to be stored as
   * @param reason the store's words
   */
  public static Event of(Event refused, DocKind kind, String reason, Instant now) {
    Instant t = refused.getInstant("@timestamp");
    // the refused document's time, unless it is one the quarantine could refuse in turn (a date index
    // takes years 0 to 9999; found by the pipeline fuzz test: year +12026 was refused again for ever)
    boolean usable = t != null && t.isAfter(MIN_TIME) && t.isBefore(MAX_TIME);
    Event q = new Event(12)
        .put("@timestamp", usable ? t : now)
        .put("event.id", refused.getString("event.id"))
        .put("event.ingested", now)
        .put("error.type", REFUSED)
        .put("error.message", reason == null ? "refused" : reason)
        .put("labels.kind", kind.label());
    if (refused.get("log.offset") instanceof Long offset) q.put("log.offset", offset);
    if (refused.get("organization.id") instanceof String org) q.put("organization.id", org);
    if (refused.get("event.original") instanceof String original) q.put("event.original", original);
    if (refused.get("event.original_base64") instanceof String b64) q.put("event.original_base64", b64);
    String json;
    try {
      json = EcsJson.write(refused);
    } catch (RuntimeException e) {
      json = String.valueOf(refused.toMap());
    }
    q.put(DOCUMENT, json);
    return q;
  }

  /**
   * A quarantine document small enough to be written when the refused one was too large for any
   * request: {@code event.original} (and its base64 form) cut to {@code maxBytes} of UTF-8, the
   * whole {@link #DOCUMENT} left out, and {@code error.message} saying so. Returns {@code q} itself
   * when nothing is longer than that.
   */
  public static Event truncated(Event q, int maxBytes) {
    StringBuilder note = new StringBuilder();
    for (String f : new String[] {"event.original", "event.original_base64"}) {
      if (!(q.get(f) instanceof String s)) continue;
      int bytes = utf8Length(s);
      if (bytes <= maxBytes) continue;
      q.put(f, prefix(s, maxBytes));
      note.append("; ").append(f).append(" truncated to its first ").append(maxBytes).append(" of ").append(bytes).append(" bytes");
    }
    if (q.get(DOCUMENT) instanceof String doc && utf8Length(doc) > maxBytes) {
      q.remove(DOCUMENT);
      note.append("; the whole document (").append(utf8Length(doc)).append(" bytes) left out");
    }
    if (note.length() > 0) q.put("error.message", q.getString("error.message") + note);
    return q;
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  /** The longest prefix of {@code s} within {@code maxBytes} of UTF-8, never half a character. */
  static String prefix(String s, int maxBytes) {
    int n = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      int len = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      if (n + len > maxBytes) break;
      n += len;
      i += pair ? 2 : 1;
    }
    return s.substring(0, i);
  }
}
