package vn.soctinh.analyzer.decode;

import java.time.Instant;
import java.util.Map;

/**
 * The syslog header fields a decoder found, and the message text. A field the sender left out (or
 * sent as NILVALUE) is null, numbers are -1. Filled by one decoder, then only read: a partial
 * result of an invalid message holds what was decoded before the error.
 */
public final class SyslogMessage {
  /** PRI value 0..191, or -1 when the message had none. */
  public int priority = -1;
  /** RFC 5424 VERSION, or -1 (RFC 3164 and plain text). */
  public int version = -1;
  public Instant timestamp;
  /** The timestamp as the sender wrote it (kept for RFC 3164, whose year and zone were inferred). */
  public String timestampText;
  public String hostname;
  public String appname;
  public String procid;
  public String msgid;
  /** Cisco-style sequence number before the stamp ({@code <189>123: ...}), or -1. */
  public long sequence = -1;
  /** The relay a BSD header names ("forwarded from RELAY:"), or null. */
  public String relay;
  /** SD-ID → PARAM-NAME → value (a String, or a List of Strings when the name repeats). */
  public Map<String, Map<String, Object>> structuredData;
  /** MSG decoded as UTF-8 (invalid sequences replaced), NFC-normalised; never null, may be empty. */
  public String message = "";
  /** True when MSG was not valid UTF-8: {@link #message} is then lossy and the event keeps the bytes. */
  public boolean messageNotUtf8;
  /** True when MSG started with the UTF-8 BOM (RFC 5424 MSG-UTF8). */
  public boolean bom;
  /** Which format the decoder read. */
  public MessageFormat format;

  public int facility() {
    return priority < 0 ? -1 : priority >> 3;
  }

  public int severity() {
    return priority < 0 ? -1 : priority & 7;
  }
}
