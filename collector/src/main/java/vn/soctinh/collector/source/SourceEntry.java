package vn.soctinh.collector.source;

import java.util.List;

/**
 * One row of the {@code sources:} table: how an agency's logs are recognised.
 *
 * @param agency the agency id stored with each record (e.g. {@code so-tttt})
 * @param name a display name (Vietnamese), informational
 * @param cidrs sender addresses (IPv4/IPv6 CIDRs or single addresses)
 * @param tlsNames client-certificate subject CN or SAN DNS names
 * @param tokens HTTP intake tokens (sent as {@code Authorization: Bearer TOKEN})
 */
public record SourceEntry(String agency, String name, List<String> cidrs, List<String> tlsNames, List<String> tokens) {
  public static final String UNASSIGNED = "unassigned";
}
