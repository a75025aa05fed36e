package vn.soctinh.analyzer.store;

/** What a stored document is; each kind has its own indices (events are partitioned by day). */
public enum DocKind {
  EVENTS("events"),
  ALERTS("alerts"),
  INCIDENTS("incidents");

  private final String label;

  DocKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
