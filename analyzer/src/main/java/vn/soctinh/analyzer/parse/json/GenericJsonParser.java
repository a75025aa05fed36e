package vn.soctinh.analyzer.parse.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * Any JSON object no specific parser claimed (HTTP intake from scripts, ECS documents from other
 * shippers): nested objects become dotted ECS names, {@code @timestamp} is read as a time.
 * It recognises the document only when it already carries an {@code event.action}; otherwise the
 * fields are kept but the event counts as unparsed, so the agency learns its format needs a parser.
 */
public final class GenericJsonParser implements ContentParser {
  /** Bounds on what one document may add to an event: attackers choose these documents. */
  static final int MAX_FIELDS = 256;
  static final int MAX_DEPTH = 8;

  @Override
  public String name() {
    return "json";
  }

  @Override
  public boolean sniff(LogLine line) {
    return line.json() != null;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event event) {
    ObjectNode o = line.json();
    if (o == null) return ParseOutcome.unrecognised("not a JSON object");
    int[] budget = {MAX_FIELDS};
    flatten("", o, event, 0, budget);
    Object ts = event.get("@timestamp");
    if (ts instanceof String s) {
      try {
        event.put("@timestamp", Instant.parse(s));
      } catch (DateTimeParseException e) {
        event.remove("@timestamp");
        event.put("event.timestamp_text", s);
      }
    } else if (ts != null && !(ts instanceof Instant)) {
      event.remove("@timestamp");
    }
    if (!event.has("message") && o.has("msg")) {
      event.put("message", o.get("msg").asText());
    }
    return event.has("event.action") ? ParseOutcome.RECOGNISED : ParseOutcome.unrecognised("JSON without event.action");
  }

  private static void flatten(String prefix, ObjectNode o, Event e, int depth, int[] budget) {
    Iterator<Map.Entry<String, JsonNode>> it = o.fields();
    while (it.hasNext() && budget[0] > 0) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = prefix + f.getKey();
      // names only SOC Tỉnh sets are kept as the sender's claim by EventParser (SenderClaims), like any parser's
      JsonNode v = f.getValue();
      if (v.isObject() && depth < MAX_DEPTH) {
        flatten(name + ".", (ObjectNode) v, e, depth + 1, budget);
      } else {
        Object value = value(v);
        if (value != null) {
          e.put(name, value);
          budget[0]--;
        }
      }
    }
  }

  static Object value(JsonNode v) {
    if (v.isTextual()) return v.textValue();
    if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
    if (v.isNumber()) return v.doubleValue();
    if (v.isBoolean()) return v.booleanValue();
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode x : v) {
        Object y = x.isContainerNode() ? x.toString() : value(x);
        if (y != null) list.add(y);
      }
      return list;
    }
    if (v.isObject()) return v.toString();
    return null;
  }
}
