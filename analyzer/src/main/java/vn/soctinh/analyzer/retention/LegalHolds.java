package vn.soctinh.analyzer.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentDocs;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.StoreException;

/**
 * What incidents keep from retention: an incident open, or closed less than the hold period ago,
 * holds its alerts ({@code alert_ids}) and the events those alerts name ({@code soctinh.event_ids}).
 * Read from the store each time (never cached): an incident opened a minute before the run holds.
 *
 * @param incidents the holding incidents
 * @param alertIds alerts they hold
 * @param eventIds events those alerts name
 */
public record LegalHolds(List<Hold> incidents, Set<String> alertIds, Set<String> eventIds) {
  /** One holding incident: open, or closed at {@code closed} and held until {@code until}. */
  public record Hold(String incident, boolean open, Instant closed, Instant until) {}

  private static final int PAGE = 1000;
  /** Alert ids per look-up query (a boolean query takes 1024 clauses). */
  private static final int IDS_PER_QUERY = 500;

  public static LegalHolds none() {
    return new LegalHolds(List.of(), Set.of(), Set.of());
  }

  /** The holds at {@code now}: incidents closed within {@code holdDays} hold, and open ones always. */
  public static LegalHolds find(EventStore store, Instant now, int holdDays) throws StoreException {
    List<Hold> holds = new ArrayList<>();
    Set<String> alerts = new LinkedHashSet<>();
    List<Object> cursor = List.of();
    while (true) {
      SearchResult page = store.search(SearchRequest.of(DocKind.INCIDENTS, "labels.doc:incident", PAGE).withSort("@timestamp", false).after(cursor));
      for (Event d : page.hits()) {
        if (!"incident".equals(d.getString("labels.doc"))) continue;
        Incident i = IncidentDocs.fromDoc(d);
        Instant closed = i.time("closed");
        boolean open = closed == null && i.mergedInto() == null;
        // merged without a closing time (older data): held from the merge as if closed then; unknown, so kept
        Instant until = open ? null : closed == null ? null : closed.plus(Duration.ofDays(holdDays));
        if (open || until == null || until.isAfter(now)) {
          holds.add(new Hold(i.id(), open, closed, until));
          alerts.addAll(i.alertIds());
        }
      }
      if (page.nextCursor() == null || page.hits().size() < PAGE) break;
      cursor = page.nextCursor();
    }
    return new LegalHolds(List.copyOf(holds), Set.copyOf(alerts), Set.copyOf(eventsOf(store, alerts)));
  }

  /** The events the alerts name; alerts already gone name nothing. */
  private static Set<String> eventsOf(EventStore store, Set<String> alertIds) throws StoreException {
    Set<String> events = new LinkedHashSet<>();
    List<String> ids = new ArrayList<>(alertIds);
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      StringBuilder q = new StringBuilder("event.id:(");
      for (int k = 0; k < chunk.size(); k++) q.append(k == 0 ? "" : " OR ").append('"').append(escape(chunk.get(k))).append('"');
      q.append(')');
      for (Event a : store.search(SearchRequest.of(DocKind.ALERTS, q.toString(), chunk.size())).hits()) {
        if (a.get("soctinh.event_ids") instanceof List<?> l) for (Object id : l) if (id != null) events.add(id.toString());
      }
    }
    return events;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** What {@code kind} keeps: held alerts, held events, nothing else. */
  public Set<String> keep(DocKind kind) {
    return switch (kind) {
      case ALERTS -> alertIds;
      case EVENTS -> eventIds;
      default -> Set.of();
    };
  }
}
