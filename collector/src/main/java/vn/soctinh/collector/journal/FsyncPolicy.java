package vn.soctinh.collector.journal;

/** When the journal forces written records to disk. Acknowledgements (RELP, HTTP) wait for it. */
public enum FsyncPolicy {
  /** fsync after every group-committed write; acks complete after the fsync. The default. */
  EVERY_BATCH("every-batch"),
  /** fsync at most every {@code fsync_interval_ms}; acks complete after the next fsync. */
  INTERVAL("interval"),
  /** never fsync (benchmarks only); acks complete once the bytes are written to the OS. */
  NONE("none");

  private final String configName;

  FsyncPolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static FsyncPolicy fromConfig(String s) {
    for (FsyncPolicy p : values()) {
      if (p.configName.equals(s)) return p;
    }
    throw new IllegalArgumentException("expected one of every-batch, interval, none but was '" + s + "'");
  }
}
