package vn.soctinh.app.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import vn.soctinh.analyzer.decode.MessageFormat;
import vn.soctinh.analyzer.parse.ParseSettings.AgencyParsing;
import vn.soctinh.analyzer.parse.ParseSettings.ListenerParsing;
import vn.soctinh.analyzer.parse.StandardParsers;

/**
 * The keys that say how messages are read, shared by listeners and sources: {@code format}
 * (auto-detected unless set), {@code parser} (a content parser forced for every message, {@code auto}
 * to choose by program name and content) and, for
 * sources, {@code timezone} (for stamps without a zone).
 */
final class ParsingKeys {
  private static final String AUTO = "auto";
  private static final List<String> PARSERS = StandardParsers.registry().names();

  private ParsingKeys() {}

  static ListenerParsing listener(ConfigNode n) {
    return new ListenerParsing(format(n), parser(n));
  }

  /** A flow listener reads NetFlow/IPFIX unless its {@code format} says otherwise. */
  static ListenerParsing flowListener(ConfigNode n) {
    MessageFormat f = n.value("format", MessageFormat.NETFLOW, "expected one of " + MessageFormat.choices(), ParsingKeys::formatOf);
    return new ListenerParsing(f == MessageFormat.AUTO ? null : f, null);
  }

  static AgencyParsing agency(ConfigNode n, String name) {
    ZoneId zone = n.value("timezone", null, "expected a time zone like Asia/Ho_Chi_Minh", ParsingKeys::zone);
    return new AgencyParsing(name, zone, format(n), parser(n));
  }

  private static MessageFormat format(ConfigNode n) {
    MessageFormat f = n.value("format", MessageFormat.AUTO, "expected one of " + MessageFormat.choices(), ParsingKeys::formatOf);
    return f == MessageFormat.AUTO ? null : f;
  }

  private static String parser(ConfigNode n) {
    String p = n.value("parser", AUTO, "expected a parser name", Parsed::ok);
    if (p.equals(AUTO)) return null;
    if (!PARSERS.contains(p)) {
      n.error("parser", "expected auto (choose by program name and content) or one of " + String.join(", ", PARSERS) + " but was " + Parsed.quote(p));
      return null;
    }
    return p;
  }

  private static Parsed<MessageFormat> formatOf(String text) {
    MessageFormat f = MessageFormat.of(text);
    return f == null ? Parsed.expected("expected one of " + MessageFormat.choices(), text) : Parsed.ok(f);
  }

  private static Parsed<ZoneId> zone(String text) {
    if (text.isEmpty()) return Parsed.ok(null);
    try {
      return Parsed.ok(ZoneId.of(text));
    } catch (DateTimeException e) {
      return Parsed.expected("expected a time zone like Asia/Ho_Chi_Minh or +07:00", text);
    }
  }
}
