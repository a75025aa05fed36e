package vn.soctinh.analyzer.parse;

import java.time.ZoneId;
import java.util.Map;
import vn.soctinh.analyzer.decode.MessageFormat;

/**
 * How records are read, per listener and per agency. An agency's settings win over its listener's,
 * which win over auto-detection.
 *
 * @param defaultZone zone of stamps without one when the agency has none configured: the config's {@code timezone}
 * @param listeners listener name → format (e.g. {@code netflow → NETFLOW})
 * @param agencies agency id → its settings
 */
public record ParseSettings(ZoneId defaultZone, Map<String, ListenerParsing> listeners, Map<String, AgencyParsing> agencies) {

  /** @param format null for auto-detection @param parser a content parser name, or null */
  public record ListenerParsing(MessageFormat format, String parser) {}

  /**
   * @param name display name, copied to {@code organization.name}
   * @param zone the agency's zone, or null for the default
   * @param format null for the listener's or auto
   * @param parser a content parser name forced for all its messages, or null
   */
  public record AgencyParsing(String name, ZoneId zone, MessageFormat format, String parser) {}

  public ParseSettings {
    listeners = Map.copyOf(listeners);
    agencies = Map.copyOf(agencies);
  }

  /** No agencies; the flow listeners (named as in the config) read NetFlow/IPFIX, the others auto-detect. */
  public static ParseSettings defaults() {
    ListenerParsing flows = new ListenerParsing(MessageFormat.NETFLOW, null);
    return new ParseSettings(vn.soctinh.analyzer.DisplayZone.DEFAULT, Map.of("netflow", flows, "ipfix", flows), Map.of());
  }

  ZoneId zone(String agency) {
    AgencyParsing a = agency == null ? null : agencies.get(agency);
    return a != null && a.zone() != null ? a.zone() : defaultZone;
  }

  MessageFormat format(String listener, String agency) {
    AgencyParsing a = agency == null ? null : agencies.get(agency);
    if (a != null && a.format() != null) return a.format();
    ListenerParsing l = listener == null ? null : listeners.get(listener);
    return l != null && l.format() != null ? l.format() : MessageFormat.AUTO;
  }

  String parser(String listener, String agency) {
    AgencyParsing a = agency == null ? null : agencies.get(agency);
    if (a != null && a.parser() != null) return a.parser();
    ListenerParsing l = listener == null ? null : listeners.get(listener);
    return l == null ? null : l.parser();
  }

  String agencyName(String agency) {
    AgencyParsing a = agency == null ? null : agencies.get(agency);
    return a == null ? null : a.name();
  }
}
