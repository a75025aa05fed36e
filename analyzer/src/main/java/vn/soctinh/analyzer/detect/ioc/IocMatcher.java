package vn.soctinh.analyzer.detect.ioc;

import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * Looks up an event's addresses, domains, URLs and hashes in the indicator lists; a hit adds
 * {@code threat.indicator.*} and {@code threat.feed.name} to the event and is returned, so that the
 * detection stage raises an alert for it.
 */
public final class IocMatcher {
  /** One hit: which event field held the value, and the indicator. */
  public record Hit(String field, String value, Indicators.Indicator indicator) {}

  static final String[] IP_FIELDS = {"source.ip", "destination.ip", "client.ip", "server.ip", "dns.resolved_ip"};
  static final String[] DOMAIN_FIELDS = {"url.domain", "dns.question.name", "destination.domain", "server.domain", "tls.client.server_name"};
  static final String[] URL_FIELDS = {"url.original", "url.full"};
  static final String[] HASH_FIELDS = {"file.hash.md5", "file.hash.sha1", "file.hash.sha256", "process.hash.md5", "process.hash.sha256"};

  private final Indicators indicators;

  public IocMatcher(Indicators indicators) {
    this.indicators = indicators;
  }

  /** Looks the event up and, on a hit, adds the {@code threat.*} fields; returns the hits. */
  public List<Hit> match(Event e) {
    List<Hit> hits = lookup(e);
    if (!hits.isEmpty()) {
      Hit h = hits.get(0);
      e.put("threat.indicator.type", h.indicator().type());
      e.put("threat.indicator.name", h.indicator().value());
      e.put("threat.indicator.matched.field", h.field());
      e.put("threat.indicator.matched.atomic", h.value());
      if (h.indicator().feed() != null) e.put("threat.feed.name", h.indicator().feed());
    }
    return hits;
  }

  /** The hits for the event's values, without changing the event (detection shards share events read-only). */
  public List<Hit> lookup(Event e) {
    List<Hit> hits = new ArrayList<>(0);
    if (indicators.size() == 0) return hits;
    for (String f : IP_FIELDS) check(e, f, hits, 0);
    for (String f : DOMAIN_FIELDS) check(e, f, hits, 1);
    for (String f : URL_FIELDS) check(e, f, hits, 2);
    for (String f : HASH_FIELDS) check(e, f, hits, 3);
    return hits;
  }

  private void check(Event e, String field, List<Hit> hits, int kind) {
    Object v = e.get(field);
    if (v == null) return;
    if (v instanceof List<?> list) {
      for (Object o : list) check(String.valueOf(o), field, hits, kind);
    } else {
      check(String.valueOf(v), field, hits, kind);
    }
  }

  private void check(String v, String field, List<Hit> hits, int kind) {
    Indicators.Indicator i = switch (kind) {
      case 0 -> indicators.ip(v);
      case 1 -> indicators.domain(v);
      case 2 -> indicators.url(v);
      default -> indicators.hash(v);
    };
    if (i != null) hits.add(new Hit(field, v, i));
  }
}
