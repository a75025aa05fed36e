package vn.soctinh.analyzer.decode.netflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link FlowDecoder} did, for metrics and tests: nothing it receives goes uncounted. Written
 * by the decoding thread, readable from any thread.
 */
public final class FlowCounters {
  final LongAdder packets = new LongAdder();
  final LongAdder flows = new LongAdder();
  final LongAdder optionsRecords = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder templates = new LongAdder();
  final LongAdder templatesWithdrawn = new LongAdder();
  final LongAdder templatesExpired = new LongAdder();
  final LongAdder templatesEvicted = new LongAdder();
  final LongAdder exportersEvicted = new LongAdder();
  final LongAdder pendingHeld = new LongAdder();
  final LongAdder pendingDecoded = new LongAdder();
  final LongAdder pendingReleased = new LongAdder();

  /** Datagrams given to the decoder. */
  public long packets() {
    return packets.sum();
  }

  /** Flow records decoded into events. */
  public long flows() {
    return flows.sum();
  }

  /** Options data records (exporter statistics, sampling, interface names) decoded into events. */
  public long optionsRecords() {
    return optionsRecords.sum();
  }

  /** Packets, sets or records that broke their format (each became one _unparsed event). */
  public long malformed() {
    return malformed.sum();
  }

  /** Template records received (first announcements and refreshes). */
  public long templates() {
    return templates.sum();
  }

  public long templatesWithdrawn() {
    return templatesWithdrawn.sum();
  }

  /** Templates dropped because their exporter did not announce them again within the timeout. */
  public long templatesExpired() {
    return templatesExpired.sum();
  }

  /** Templates dropped to stay within max_templates or max_exporters. */
  public long templatesEvicted() {
    return templatesEvicted.sum();
  }

  public long exportersEvicted() {
    return exportersEvicted.sum();
  }

  /** Data sets held because their template was unknown. */
  public long pendingHeld() {
    return pendingHeld.sum();
  }

  /** Held data sets decoded once their template arrived. */
  public long pendingDecoded() {
    return pendingDecoded.sum();
  }

  /** Held data sets given up on (bounds, timeout, flush) and emitted as _unparsed events. */
  public long pendingReleased() {
    return pendingReleased.sum();
  }

  /** Every counter by a metric-friendly name, in a fixed order. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("packets", packets());
    m.put("flows", flows());
    m.put("options_records", optionsRecords());
    m.put("malformed", malformed());
    m.put("templates", templates());
    m.put("templates_withdrawn", templatesWithdrawn());
    m.put("templates_expired", templatesExpired());
    m.put("templates_evicted", templatesEvicted());
    m.put("exporters_evicted", exportersEvicted());
    m.put("pending_held", pendingHeld());
    m.put("pending_decoded", pendingDecoded());
    m.put("pending_released", pendingReleased());
    return m;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
