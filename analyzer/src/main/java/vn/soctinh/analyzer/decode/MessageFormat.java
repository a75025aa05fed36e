package vn.soctinh.analyzer.decode;

import java.util.Locale;

/** How the bytes of a record are to be read. {@link #AUTO} sniffs each message. */
public enum MessageFormat {
  AUTO,
  RFC5424,
  RFC3164,
  JSON,
  CEF,
  LEEF,
  NETFLOW;

  /** The config/CLI spelling: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config/CLI value; null when unknown. */
  public static MessageFormat of(String text) {
    for (MessageFormat f : values()) if (f.label().equals(text)) return f;
    return null;
  }

  public static String choices() {
    StringBuilder b = new StringBuilder();
    for (MessageFormat f : values()) b.append(b.length() == 0 ? "" : "|").append(f.label());
    return b.toString();
  }
}
