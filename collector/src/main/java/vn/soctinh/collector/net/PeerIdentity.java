package vn.soctinh.collector.net;

import java.util.List;

/**
 * Who a TLS client said it was: the names of its verified certificate (subject CN first, then SAN
 * DNS names) and the agency they map to (null when none does).
 */
public record PeerIdentity(List<String> names, String agency) {
  public String primaryName() {
    return names.isEmpty() ? "" : names.get(0);
  }
}
