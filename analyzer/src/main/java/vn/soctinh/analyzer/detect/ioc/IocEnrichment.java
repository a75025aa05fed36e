package vn.soctinh.analyzer.detect.ioc;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.pipeline.EventStage;

/**
 * Enrichment: an event whose address, domain, URL or hash is a listed indicator gets
 * {@code threat.indicator.*} and {@code threat.feed.name}, in the store as in detection (which then
 * raises the indicator alert, and whose rules see the fields). Stateless and thread-safe: it runs in
 * the parse workers.
 */
public final class IocEnrichment implements EventStage {
  private volatile IocMatcher matcher;

  public IocEnrichment(IocMatcher matcher) {
    this.matcher = matcher;
  }

  public IocMatcher matcher() {
    return matcher;
  }

  @Override
  public void process(List<Event> batch) {
    IocMatcher m = matcher;
    for (Event e : batch) m.match(e);
  }
}
