package vn.soctinh.analyzer.store;

/** What a stored document is; each kind has its own indices (events are partitioned by day). */
public enum DocKind {
  EVENTS("events"),
  ALERTS("alerts"),
  INCIDENTS("incidents"),
  /**
   * Documents a store refused for what they contain (a value its index cannot take): kept with the
   * reason and the journal offset, searchable on their own ({@link Quarantine}), never in the way
   * of the stream.
   */
  QUARANTINE("quarantine");

  private final String label;

  DocKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd");

  /**
   * The partition a document of this kind belongs to, the same on both stores: {@code events-} and
   * the UTC day of {@code @timestamp} (else {@code event.created}) for events, the label otherwise.
   */
  public String partitionOf(vn.soctinh.analyzer.event.Event e) {
    if (this != EVENTS) return label;
    java.time.Instant t = e.getInstant("@timestamp");
    if (t == null) t = e.getInstant("event.created");
    if (t == null) t = java.time.Instant.EPOCH;
    return "events-" + DAY.format(t.atOffset(java.time.ZoneOffset.UTC));
  }
}
