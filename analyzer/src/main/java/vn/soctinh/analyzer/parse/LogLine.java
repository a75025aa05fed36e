package vn.soctinh.analyzer.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import vn.soctinh.analyzer.decode.SyslogMessage;

/**
 * What a content parser reads: the message text after the syslog header, the program that sent
 * it, the header itself when there was one, and the agency's zone (for stamps inside the text). A
 * JSON body is parsed at most once, on first request, and shared by every parser that asks.
 */
public final class LogLine {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String message;
  private final String program;
  private final SyslogMessage syslog;
  private final ZoneId zone;
  private final Instant received;
  private ObjectNode json;
  private boolean jsonTried;

  public LogLine(String message, String program, SyslogMessage syslog, ZoneId zone, Instant received) {
    this.message = message;
    this.program = program == null ? null : program.toLowerCase(Locale.ROOT);
    this.syslog = syslog;
    this.zone = zone;
    this.received = received;
  }

  /** The text to parse: the syslog MSG, or the whole record when it had no header. */
  public String message() {
    return message;
  }

  /** The syslog APP-NAME/TAG in lower case, or null. */
  public String program() {
    return program;
  }

  /** The decoded header, or null for JSON records and plain lines. */
  public SyslogMessage syslog() {
    return syslog;
  }

  /** The agency's zone: for stamps in the text that carry none. */
  public ZoneId zone() {
    return zone;
  }

  /** When the collector received the record: for stamps in the text that carry no year. */
  public Instant received() {
    return received;
  }

  /** The message as a JSON object, or null when it is not one. Parsed once. */
  public ObjectNode json() {
    if (!jsonTried) {
      jsonTried = true;
      String s = message.strip();
      if (s.startsWith("{") && s.endsWith("}")) {
        try {
          JsonNode n = JSON.readTree(s);
          if (n instanceof ObjectNode o) json = o;
        } catch (JsonProcessingException e) {
          json = null;
        }
      }
    }
    return json;
  }

  /** The JSON parse error for a message that looks like JSON but is not, else null. */
  public String jsonError() {
    String s = message.strip();
    if (!s.startsWith("{")) return null;
    try {
      JSON.readTree(s);
      return null;
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr();
    }
  }
}
