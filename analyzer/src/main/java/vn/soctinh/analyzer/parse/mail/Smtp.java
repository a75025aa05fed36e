package vn.soctinh.analyzer.parse.mail;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.Values;

/**
 * What the mail parsers share: how MTAs write a peer ({@code name[ip]}, {@code name[ip]:port},
 * {@code [ip]:port}), their {@code key=<value>} attributes, SMTP reply codes, and the event classes
 * the three of them use, so that a rule for "SMTP authentication failed" or "mail bounced" reads
 * one {@code event.action} whichever MTA an agency runs. No regex: these lines are the bulk of a
 * mail server's log.
 */
final class Smtp {

  private Smtp() {}

  static void classify(Event e, String dataset, List<String> category, List<String> type, String action, String outcome) {
    e.put("event.dataset", dataset);
    EventClass.set(e, category, type, action, outcome);
  }

  /**
   * A peer as Postfix and Exim write it: {@code mail.example.vn[203.0.113.5]}, {@code unknown[...]},
   * {@code [203.0.113.5]:41234}, {@code name[ip]:25}. The name goes to {@code <side>.domain} unless it
   * is {@code unknown}; returns false (and sets nothing) when there is no bracketed address.
   */
  static boolean peer(Event e, String side, String text) {
    if (text == null) return false;
    String s = text.strip();
    if (s.endsWith(":") || s.endsWith(",")) s = s.substring(0, s.length() - 1);
    int open = s.indexOf('[');
    int close = s.lastIndexOf(']');
    if (open < 0 || close < open) return false;
    String ip = s.substring(open + 1, close);
    if (ip.regionMatches(true, 0, "ipv6:", 0, 5)) ip = ip.substring(5);
    if (!Values.putIp(e, side + ".ip", plainIp(ip))) return false;
    String name = s.substring(0, open);
    if (!name.isEmpty() && !name.equals("unknown")) e.put(side + ".domain", name);
    if (close + 1 < s.length() && s.charAt(close + 1) == ':') Values.putPort(e, side + ".port", s.substring(close + 2));
    return true;
  }

  /**
   * The value of {@code key=} at a word start in Postfix's and Dovecot's attribute lists
   * ({@code from=<a@b>, size=1, to=<>}): the text inside angle brackets, or up to a space, comma or
   * semicolon. Null when absent; "" for {@code <>}. A bracketed value is skipped whole while
   * looking, so a user name like {@code <x, rip=1.2.3.4>} cannot pose as another attribute.
   */
  static String value(String s, String key) {
    int n = s.length();
    int k = key.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '<' && i > 0 && s.charAt(i - 1) == '=') {
        int close = s.indexOf('>', i);
        if (close < 0) return null;
        i = close + 1;
        continue;
      }
      if ((i == 0 || " ,;(".indexOf(s.charAt(i - 1)) >= 0) && i + k < n && s.charAt(i + k) == '=' && s.startsWith(key, i)) {
        int from = i + k + 1;
        if (from < n && s.charAt(from) == '<') {
          int close = s.indexOf('>', from);
          return close < 0 ? null : s.substring(from + 1, close);
        }
        int end = from;
        while (end < n && " ,;".indexOf(s.charAt(end)) < 0) end++;
        return s.substring(from, end);
      }
      i++;
    }
    return null;
  }

  /** An address as daemons print it, without the IPv4-mapped prefix ({@code ::ffff:203.0.113.5}). */
  static String plainIp(String ip) {
    if (ip != null && ip.regionMatches(true, 0, "::ffff:", 0, 7) && ip.indexOf('.') > 0) return ip.substring(7);
    return ip;
  }

  /** Puts an address ({@code email.from.address}, ...) when there is one; {@code <>} (the null sender) is left out. */
  static void putAddress(Event e, String field, String address) {
    if (address != null && !address.isEmpty()) e.put(field, address);
  }

  /** A three-digit SMTP reply code (250, 554). */
  static boolean isReplyCode(String w) {
    return w.length() == 3 && w.charAt(0) >= '2' && w.charAt(0) <= '5' && Character.isDigit(w.charAt(1)) && Character.isDigit(w.charAt(2));
  }

  /** An enhanced status code (RFC 3463: 5.7.1, 4.4.1). */
  static boolean isDsn(String w) {
    if (w.length() < 5 || w.length() > 11) return false;
    char c = w.charAt(0);
    if ((c != '2' && c != '4' && c != '5') || w.charAt(1) != '.') return false;
    int dots = 0;
    for (int i = 1; i < w.length(); i++) {
      char d = w.charAt(i);
      if (d == '.') {
        if (w.charAt(i - 1) == '.') return false;
        dots++;
      } else if (d < '0' || d > '9') {
        return false;
      }
    }
    return dots == 2 && w.charAt(w.length() - 1) != '.';
  }

  /**
   * A server reply as MTAs quote it ({@code 554 5.7.1 <x@y>: Relay access denied}): the code to
   * {@code <prefix>.smtp_code}, the enhanced status to {@code <prefix>.dsn}, the text to
   * {@code event.reason}.
   */
  static void reply(Event e, String prefix, String text) {
    String s = text.strip();
    int sp = s.indexOf(' ');
    String w = sp < 0 ? s : s.substring(0, sp);
    if (isReplyCode(w)) {
      e.put(prefix + ".smtp_code", w);
      s = sp < 0 ? "" : s.substring(sp + 1).stripLeading();
      sp = s.indexOf(' ');
      w = sp < 0 ? s : s.substring(0, sp);
    }
    if (isDsn(w)) {
      e.put(prefix + ".dsn", w);
      s = sp < 0 ? "" : s.substring(sp + 1).stripLeading();
    }
    if (s.startsWith(": ")) s = s.substring(2); // "450 4.7.1 : Helo command rejected" when the address was empty
    if (!s.isEmpty()) e.put("event.reason", s);
  }

  /** The word of {@code s} starting at {@code from}, up to a space or the end. */
}
