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

  private Quarantine() {}

  /**
   * @param refused the document the store refused
   * @param kind what it was going to be stored as
   * @param reason the store's words
   */
  public static Event of(Event refused, DocKind kind, String reason, Instant now) {
    Instant t = refused.getInstant("@timestamp");
    Event q = new Event(12)
        .put("@timestamp", t != null ? t : now)
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
}
