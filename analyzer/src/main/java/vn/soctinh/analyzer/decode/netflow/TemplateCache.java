package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The templates learned from v9 and IPFIX exporters, keyed by (exporter, source id / observation
 * domain, template id). Bounded: at most {@code maxTemplates} templates (the least recently
 * announced one goes first) and {@code maxExporters} exporters (the one heard from least recently
 * goes with all its templates). A template not announced again for {@code timeoutSecs} of receive
 * time expires (0: never). Also keeps each exporter's systemInitTimeMilliseconds per domain, which
 * IPFIX sysUpTime-relative times need. One thread at a time.
 */
final class TemplateCache {
  /** Domains per exporter whose init time is kept; a real exporter has a handful. */
  private static final int MAX_DOMAINS_PER_EXPORTER = 64;

  private record Entry(Template template, Instant announced) {}

  private static final class Exporter {
    final LinkedHashMap<Long, Instant> systemInit = new LinkedHashMap<>();
  }

  private final long timeoutSecs;
  private final int maxTemplates;
  private final int maxExporters;
  private final FlowCounters counters;
  /** Insertion order = announcement order (a re-announced template is moved to the end). */
  private final LinkedHashMap<TemplateKey, Entry> templates = new LinkedHashMap<>();
  /** Access order: the head is the exporter heard from least recently. */
  private final LinkedHashMap<InetAddress, Exporter> exporters = new LinkedHashMap<>(16, 0.75f, true);
  private final Exporter unknownExporter = new Exporter();

  TemplateCache(long timeoutSecs, int maxTemplates, int maxExporters, FlowCounters counters) {
    this.timeoutSecs = timeoutSecs;
    this.maxTemplates = maxTemplates;
    this.maxExporters = maxExporters;
    this.counters = counters;
  }

  /** Notes a packet from an exporter (evicting the least recently heard one when there are too many). */
  void heardFrom(InetAddress exporter) {
    exporter(exporter);
  }

  private Exporter exporter(InetAddress a) {
    if (a == null) return unknownExporter;
    Exporter x = exporters.get(a);
    if (x != null) return x;
    if (exporters.size() >= maxExporters) {
      Iterator<Map.Entry<InetAddress, Exporter>> it = exporters.entrySet().iterator();
      InetAddress eldest = it.next().getKey();
      it.remove();
      counters.exportersEvicted.increment();
      int before = templates.size();
      templates.keySet().removeIf(k -> Objects.equals(k.exporter(), eldest));
      counters.templatesEvicted.add(before - templates.size());
    }
    x = new Exporter();
    exporters.put(a, x);
    return x;
  }

  /** The template, or null when it was never announced, was withdrawn, or has expired by {@code now}. */
  Template get(TemplateKey key, Instant now) {
    Entry e = templates.get(key);
    if (e == null) return null;
    if (expired(e, now)) {
      remove(key);
      counters.templatesExpired.increment();
      return null;
    }
    return e.template();
  }

  /** Learns or replaces a template (a re-announcement restarts its expiry). */
  void put(TemplateKey key, Template t, Instant now) {
    exporter(key.exporter());
    if (templates.remove(key) == null && templates.size() >= maxTemplates) {
      Iterator<TemplateKey> it = templates.keySet().iterator();
      it.next();
      it.remove();
      counters.templatesEvicted.increment();
    }
    templates.put(key, new Entry(t, now));
  }

  /** Withdraws one template; true when it was known. */
  boolean withdraw(TemplateKey key) {
    return remove(key);
  }

  /** IPFIX "withdraw all": every data (or every options) template of one exporter and domain. */
  int withdrawAll(InetAddress exporter, int version, long domain, boolean options) {
    int n = 0;
    for (Iterator<Map.Entry<TemplateKey, Entry>> it = templates.entrySet().iterator(); it.hasNext();) {
      Map.Entry<TemplateKey, Entry> m = it.next();
      TemplateKey k = m.getKey();
      if (Objects.equals(k.exporter(), exporter) && k.version() == version && k.domain() == domain
          && m.getValue().template().options == options) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** Drops templates not announced for the timeout; the oldest announcement is always first. */
  void expire(Instant now) {
    for (Iterator<Map.Entry<TemplateKey, Entry>> it = templates.entrySet().iterator(); it.hasNext();) {
      Map.Entry<TemplateKey, Entry> m = it.next();
      if (!expired(m.getValue(), now)) break;
      it.remove();
      counters.templatesExpired.increment();
    }
  }

  Instant systemInit(InetAddress exporter, long domain) {
    Exporter x = exporter == null ? unknownExporter : exporters.get(exporter);
    return x == null ? null : x.systemInit.get(domain);
  }

  void systemInit(InetAddress exporter, long domain, Instant init) {
    Exporter x = exporter(exporter);
    if (!x.systemInit.containsKey(domain) && x.systemInit.size() >= MAX_DOMAINS_PER_EXPORTER) {
      Iterator<Long> it = x.systemInit.keySet().iterator();
      it.next();
      it.remove();
    }
    x.systemInit.put(domain, init);
  }

  int size() {
    return templates.size();
  }

  int exporters() {
    return exporters.size();
  }

  private boolean expired(Entry e, Instant now) {
    return timeoutSecs > 0 && now.getEpochSecond() - e.announced().getEpochSecond() > timeoutSecs;
  }

  private boolean remove(TemplateKey key) {
    return templates.remove(key) != null;
  }
}
