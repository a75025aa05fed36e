package vn.soctinh.analyzer.decode.netflow;

/**
 * Limits of the NetFlow/IPFIX decoder (config section {@code flows:}).
 *
 * @param templateTimeoutSecs a template not announced again for this long (by receive time) is
 *     forgotten, and held data older than this is given up on; 0 = never
 * @param maxTemplates templates kept over all exporters; the least recently announced goes first
 * @param maxExporters exporters whose templates are kept; the one heard from least recently goes first
 * @param maxPendingBytes data held for unknown templates, in total
 * @param maxPendingBytesPerTemplate data held for one unknown template (at most maxPendingBytes)
 */
public record FlowSettings(long templateTimeoutSecs, int maxTemplates, int maxExporters, long maxPendingBytes,
    long maxPendingBytesPerTemplate) {
  public static final long DEFAULT_TEMPLATE_TIMEOUT_SECS = 1800;
  public static final int DEFAULT_MAX_TEMPLATES = 4096;
  public static final int DEFAULT_MAX_EXPORTERS = 1024;
  public static final long DEFAULT_MAX_PENDING_BYTES = 4L * 1024 * 1024;
  public static final long DEFAULT_MAX_PENDING_BYTES_PER_TEMPLATE = 256L * 1024;

  public FlowSettings {
    if (templateTimeoutSecs < 0) throw new IllegalArgumentException("templateTimeoutSecs must not be negative: " + templateTimeoutSecs);
    if (maxTemplates < 1) throw new IllegalArgumentException("maxTemplates must be at least 1: " + maxTemplates);
    if (maxExporters < 1) throw new IllegalArgumentException("maxExporters must be at least 1: " + maxExporters);
    if (maxPendingBytes < 0 || maxPendingBytesPerTemplate < 0) throw new IllegalArgumentException("pending bounds must not be negative");
  }

  public static FlowSettings defaults() {
    return new FlowSettings(DEFAULT_TEMPLATE_TIMEOUT_SECS, DEFAULT_MAX_TEMPLATES, DEFAULT_MAX_EXPORTERS, DEFAULT_MAX_PENDING_BYTES,
        DEFAULT_MAX_PENDING_BYTES_PER_TEMPLATE);
  }
}
