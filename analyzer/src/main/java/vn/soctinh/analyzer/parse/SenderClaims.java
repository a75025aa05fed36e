package vn.soctinh.analyzer.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;

/**
 * The fields only SOC Tỉnh sets, and what becomes of a sender's attempt to set them. A log line is
 * written by whoever can reach a listener: the agency it counts for, whether it is a drill, the
 * security level its priority comes from, where it came from and when it arrived are the
 * collector's and the analyzer's facts, never the line's. Every content parser (JSON, CEF, LEEF,
 * Suricata EVE, Windows JSON, the HTTP intake's documents, the syslog dialects) may write any name
 * it finds; this one check, run by {@link EventParser} after the content parser and before the
 * collector's facts are written, moves what the content put under a reserved name to
 * {@value #CLAIMED}{@code <name>}: kept and searchable as the sender's claim, trusted by nothing.
 *
 * <p>{@code event.kind} is not reserved: a device's own alert (an IPS signature, a Suricata
 * {@code alert}) keeps ECS's {@code event.kind: alert}, as Elastic's integrations write it.
 * SOC Tỉnh's alerts are another kind of document (the alerts store), raised only by detection, and
 * nothing treats an event differently for its {@code event.kind}.
 */
public final class SenderClaims {
  /** Where a sender's value for a reserved field is kept. */
  public static final String CLAIMED = "soctinh.claimed.";
  /** The tag of an event whose content claimed a reserved field. */
  public static final String TAG = "_sender_claims";

  /** Reserved by name: the collector's record facts, the pipeline's bookkeeping, enrichment's verdicts. */
  static final Set<String> NAMES = Set.of(
      "event.id", "event.created", "event.ingested", "event.original", "event.original_base64", "log.offset",
      "labels.listener", "labels.transport", "labels.security_level", "labels.priority", "labels.drill",
      "tls.client.x509.subject.common_name", "tags");
  /**
   * Reserved by prefix: the agency ({@code organization.*}), the drill marks ({@code labels.drill_*}),
   * the system and its level ({@code labels.system_*}), the peer ({@code log.source.*}) and
   * SOC Tỉnh's own namespace.
   */
  static final List<String> PREFIXES = List.of("organization.", "labels.drill_", "labels.system_", "log.source.", "soctinh.");
  /** The first characters of every reserved name and prefix: most fields are answered by them alone. */
  private static final String FIRST = java.util.stream.Stream.concat(NAMES.stream(), PREFIXES.stream())
      .map(n -> String.valueOf(n.charAt(0))).distinct().collect(java.util.stream.Collectors.joining());

  private SenderClaims() {}

  /** Whether only SOC Tỉnh may set {@code name}. */
  public static boolean reserved(String name) {
    // run for every field of every event: host., source., user., process., message … stop here
    if (name.isEmpty() || FIRST.indexOf(name.charAt(0)) < 0) return false;
    if (NAMES.contains(name)) return true;
    for (String p : PREFIXES) if (name.startsWith(p)) return true;
    return false;
  }

  /**
   * Moves every reserved field of {@code e} to {@value #CLAIMED}{@code <name>} and tags the event
   * {@value #TAG}; returns how many were moved. Run on what the content produced, before the
   * collector's facts are added.
   */
  public static int confine(Event e) {
    List<String> claimed = null;
    for (int i = 0; i < e.size(); i++) {
      if (reserved(e.name(i))) {
        if (claimed == null) claimed = new ArrayList<>(2);
        claimed.add(e.name(i));
      }
    }
    if (claimed == null) return 0;
    for (String name : claimed) {
      Object v = e.remove(name);
      e.put(CLAIMED + name, v);
    }
    e.addTag(TAG);
    return claimed.size();
  }
}
