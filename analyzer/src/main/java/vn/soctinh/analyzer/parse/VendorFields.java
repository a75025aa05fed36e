package vn.soctinh.analyzer.parse;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Field names under a vendor's namespace for keys the device chooses ({@code fortinet.firewall.} +
 * a FortiOS key, {@code auditd.log.} + an audit record's key): built once per key, not once per
 * event, and the same String each time (its hash cached for every later look-up). Bounded: a flood
 * of made-up keys cannot grow it; past {@link #MAX_KEYS} a name is built per use, as before.
 */
public final class VendorFields {
  public static final int MAX_KEYS = 4096;

  private final String prefix;
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  /** @param prefix with its trailing dot ({@code "auditd.log."}) */
  public VendorFields(String prefix) {
    this.prefix = prefix;
  }

  public String of(String key) {
    String f = names.get(key);
    if (f != null) return f;
    f = prefix + key;
    if (names.size() < MAX_KEYS) names.putIfAbsent(key, f);
    return f;
  }

  int size() {
    return names.size();
  }
}
