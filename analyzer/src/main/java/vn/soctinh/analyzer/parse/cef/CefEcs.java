package vn.soctinh.analyzer.parse.cef;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.Values;

/** The CEF/LEEF keys that have an ECS place (the rest stay in {@code cef.extensions} / {@code leef.attributes}). */
final class CefEcs {
  private static final DateTimeFormatter MMM = DateTimeFormatter.ofPattern("MMM dd yyyy HH:mm:ss", Locale.ENGLISH);

  private CefEcs() {}

  static void map(Map<String, String> x, Event e, LogLine line) {
    for (Map.Entry<String, String> kv : x.entrySet()) {
      String v = kv.getValue();
      if (v.isEmpty()) continue;
      switch (kv.getKey()) {
        case "src", "sourceAddress" -> Values.putIp(e, "source.ip", v);
        case "dst", "destinationAddress" -> Values.putIp(e, "destination.ip", v);
        case "spt", "sourcePort", "srcPort" -> Values.putPort(e, "source.port", v);
        case "dpt", "destinationPort", "dstPort" -> Values.putPort(e, "destination.port", v);
        case "smac", "srcMAC" -> e.put("source.mac", v);
        case "dmac", "dstMAC" -> e.put("destination.mac", v);
        case "shost" -> e.put("source.domain", v);
        case "dhost" -> e.put("destination.domain", v);
        case "suser", "usrName", "duser" -> {
          if (kv.getKey().equals("duser")) e.put("user.target.name", v);
          else e.put("user.name", v);
        }
        case "proto" -> e.put("network.transport", protocol(v));
        case "app" -> e.put("network.protocol", v.toLowerCase(Locale.ROOT));
        case "in", "bytesIn" -> Values.putLong(e, "destination.bytes", v);
        case "out", "bytesOut" -> Values.putLong(e, "source.bytes", v);
        case "request", "url" -> e.put("url.original", v);
        case "requestMethod" -> e.put("http.request.method", v);
        case "requestClientApplication" -> e.put("user_agent.original", v);
        case "fname" -> e.put("file.name", v);
        case "filePath" -> e.put("file.path", v);
        case "fsize" -> Values.putLong(e, "file.size", v);
        case "fileHash" -> e.put("file.hash.sha256", v);
        case "msg" -> e.put("message", v);
        case "cat" -> e.put("rule.category", v);
        case "dvchost" -> e.put("observer.hostname", v);
        case "dvc" -> Values.putIp(e, "observer.ip", v);
        case "deviceExternalId" -> e.put("observer.serial_number", v);
        case "outcome" -> e.put("event.outcome", outcome(v));
        case "rt", "end", "start", "devTime" -> {
          Instant t = time(v, line);
          if (t != null) e.put(kv.getKey().equals("start") ? "event.start" : kv.getKey().equals("end") ? "event.end" : "@timestamp", t);
        }
        case "sev" -> severity(v, e);
        default -> { }
      }
    }
    // cs1=... cs1Label=Policy → labels.policy
    for (int k = 1; k <= 6; k++) {
      String label = x.get("cs" + k + "Label");
      String value = x.get("cs" + k);
      if (label != null && value != null && !label.isBlank()) {
        e.put("labels." + label.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('.', '_'), value);
      }
    }
  }

  /** Numeric 0-10, or Low / Medium / High / Very-High. */
  static void severity(String s, Event e) {
    Long n = Values.parseLong(s.strip());
    if (n != null) {
      e.put("event.severity", n);
      return;
    }
    switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "low" -> e.put("event.severity", 3L);
      case "medium" -> e.put("event.severity", 5L);
      case "high" -> e.put("event.severity", 8L);
      case "very-high", "very high" -> e.put("event.severity", 10L);
      default -> e.put("cef.severity", s);
    }
  }

  /** "Blocked" → "blocked", "drop packet" → "drop_packet". */
  static String action(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      b.append(Character.isLetterOrDigit(c) ? c : '_');
    }
    return b.length() > 64 ? b.substring(0, 64) : b.toString();
  }

  private static String protocol(String v) {
    return switch (v.strip()) {
      case "6" -> "tcp";
      case "17" -> "udp";
      case "1" -> "icmp";
      default -> v.strip().toLowerCase(Locale.ROOT);
    };
  }

  private static String outcome(String v) {
    String o = v.toLowerCase(Locale.ROOT);
    return o.startsWith("succ") || o.equals("allow") || o.equals("allowed") ? "success" : o.startsWith("fail") || o.startsWith("den")
        || o.startsWith("block") ? "failure" : "unknown";
  }

  /** Epoch milliseconds, or "MMM dd yyyy HH:mm:ss" in the agency's zone. */
  static Instant time(String v, LogLine line) {
    Long ms = Values.parseLong(v.strip());
    if (ms != null) return ms > 100_000_000_000L ? Instant.ofEpochMilli(ms) : Instant.ofEpochSecond(ms);
    try {
      return LocalDateTime.parse(v.strip(), MMM).atZone(line.zone()).toInstant();
    } catch (DateTimeParseException ex) {
      return null;
    }
  }

}
