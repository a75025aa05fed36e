package vn.soctinh.collector.source;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which agency a sender belongs to: by client-certificate name, intake token, or source address
 * (longest matching prefix). Anything not found is {@link SourceEntry#UNASSIGNED}: kept and counted,
 * never dropped. Immutable; a reload builds a new table.
 */
public final class SourceTable {
  private record Network(Cidr cidr, String agency) {}

  private final List<Network> networks; // longest prefix first
  private final Map<String, String> tlsNames; // lower-case name -> agency
  private final Map<String, String> tokens;

  public SourceTable(List<SourceEntry> entries) {
    List<Network> nets = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> toks = new HashMap<>();
    for (SourceEntry e : entries) {
      for (String c : e.cidrs()) nets.add(new Network(Cidr.parse(c), e.agency()));
      for (String n : e.tlsNames()) names.put(n.toLowerCase(Locale.ROOT), e.agency());
      for (String t : e.tokens()) toks.put(t, e.agency());
    }
    nets.sort(Comparator.comparingInt((Network n) -> n.cidr().prefix()).reversed());
    this.networks = List.copyOf(nets);
    this.tlsNames = Map.copyOf(names);
    this.tokens = Map.copyOf(toks);
  }

  public static SourceTable empty() {
    return new SourceTable(List.of());
  }

  /** The agency owning {@code address}, or null. */
  public String byAddress(InetAddress address) {
    if (address == null) return null;
    byte[] a = address.getAddress();
    for (Network n : networks) {
      if (n.cidr().contains(a)) return n.agency();
    }
    return null;
  }

  /** The agency of the first certificate name (CN or SAN) found in the table, or null. */
  public String byTlsNames(Collection<String> names) {
    for (String n : names) {
      String agency = tlsNames.get(n.toLowerCase(Locale.ROOT));
      if (agency != null) return agency;
    }
    return null;
  }

  /** The agency an intake token belongs to, or null. */
  public String byToken(String token) {
    return token == null ? null : tokens.get(token);
  }
}
