package vn.soctinh.analyzer.org;

import java.util.List;

/**
 * A node of the province's organisation tree: the province, a department or agency, a commune or
 * ward, a unit. {@code id} is what events carry as {@code organization.id} (the agency of a log
 * source); {@code code} is the official code where there is one.
 *
 * @param parent the parent's id, or null for the root(s)
 * @param kind free text from a short list: province, department, agency, commune, unit, other
 * @param mergedInto set when the organisation was absorbed by another: it stays, with its history,
 *     under the new parent, and is shown as merged
 * @param sources how its logs are recognised by the collector: sender networks, client-certificate
 *     names, HTTP intake tokens (null: none here)
 */
public record Organization(String id, String code, String name, String parent, String kind, List<Contact> contacts, String mergedInto,
    Sources sources) {
  /** The collector's recognition of an agency's senders. */
  public record Sources(List<String> cidrs, List<String> tlsNames, List<String> tokens) {}

  public Organization(String id, String code, String name, String parent, String kind, List<Contact> contacts, String mergedInto) {
    this(id, code, name, parent, kind, contacts, mergedInto, null);
  }
  public static final List<String> KINDS = List.of("province", "department", "agency", "commune", "unit", "other");
}
