package vn.soctinh.analyzer.org;

import java.util.List;

/**
 * An information system (an asset) the SOC watches: who owns it, how important it is (the legal
 * security level, 1 lowest to 5 highest) and how to recognise it in events.
 *
 * @param org the owner organisation's id
 * @param operatingUnit the organisation that runs it, when not the owner (or null)
 * @param addresses IP addresses, CIDR networks, host names and URLs: an event concerns the system
 *     when its host, destination, source or URL matches one of them
 */
public record InfoSystem(String id, String name, String org, int level, String type, String operatingUnit, List<String> addresses,
    List<Contact> contacts) {
  /** System types (DOMAIN.md); a province may add its own with {@code other}. */
  public static final List<String> TYPES = List.of("portal", "public_service_portal", "one_stop_shop", "mail", "document_management",
      "database", "data_centre", "network_device", "server", "workstation", "website", "application", "other");
}
