package vn.soctinh.analyzer.parse.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/** Copying values out of JSON documents into typed ECS fields; shared by the JSON-shaped parsers. */
public final class JsonFields {
  /** RFC 3339 with or without the colon in the offset ({@code +0700}, as Suricata writes it). */
  private static final DateTimeFormatter STAMP = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private JsonFields() {}

  /** Text of a field at a JSON pointer-like dotted path ("alert.signature"), or null. */
  public static String text(JsonNode root, String path) {
    JsonNode n = node(root, path);
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  public static JsonNode node(JsonNode root, String path) {
    JsonNode n = root;
    int from = 0;
    while (n != null && from <= path.length()) {
      int dot = path.indexOf('.', from);
      String k = dot < 0 ? path.substring(from) : path.substring(from, dot);
      n = n.get(k);
      if (dot < 0) break;
      from = dot + 1;
    }
    return n == null || n.isMissingNode() ? null : n;
  }

  public static void string(Event e, String field, JsonNode root, String path) {
    String v = text(root, path);
    if (v != null && !v.isEmpty()) e.put(field, v);
  }

  public static void number(Event e, String field, JsonNode root, String path) {
    JsonNode n = node(root, path);
    if (n == null) return;
    if (n.isIntegralNumber()) e.put(field, n.asLong());
    else if (n.isNumber()) e.put(field, n.asDouble());
    else if (n.isTextual()) Values.putLong(e, field, n.asText());
  }

  public static void ip(Event e, String field, JsonNode root, String path) {
    Values.putIp(e, field, text(root, path));
  }

  /** An RFC 3339 / Suricata stamp, or null. */
  public static Instant instant(String s) {
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s, STAMP).toInstant();
    } catch (DateTimeParseException ex) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException ex2) {
        return null;
      }
    }
  }

}
