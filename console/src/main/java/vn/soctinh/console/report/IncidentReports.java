package vn.soctinh.console.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.StoreException;

/** Makes an incident's report in a format: what the console's route and {@code soctinh report incident} share. */
public final class IncidentReports {
  /** A rendered report: its bytes, media type and the form behind it. */
  public record Rendered(byte[] bytes, String contentType, String extension, IncidentReport report) {}

  private final IncidentService incidents;
  private final ReportRenderer renderer;
  private final Clock clock;

  public IncidentReports(IncidentService incidents, ReportRenderer renderer, Clock clock) {
    this.incidents = incidents;
    this.renderer = renderer;
    this.clock = clock;
  }

  /** The incident's first {@code max} alerts, as stored. */
  public List<Event> alerts(Incident i, int max) throws StoreException {
    List<Event> alerts = new ArrayList<>();
    for (String id : i.alertIds().subList(0, Math.min(max, i.alertIds().size()))) {
      incidents.store().get(DocKind.ALERTS, id).ifPresent(v -> alerts.add(v.doc()));
    }
    return alerts;
  }

  public IncidentReport build(Incident i, OrgDirectory orgs, String kind, Map<String, String> filled) throws StoreException {
    return IncidentReport.build(kind, i, incidents.rules(), orgs, alerts(i, 200), filled, clock.instant(), renderer.zone());
  }

  public Rendered render(Incident i, OrgDirectory orgs, String kind, String format, Map<String, String> filled) throws StoreException, IOException {
    IncidentReport r = build(i, orgs, kind, filled);
    if (format.equals("stix")) {
      return new Rendered(StixExport.bundle(i, alerts(i, 1000), orgs, clock.instant()).encodePrettily().getBytes(StandardCharsets.UTF_8), "application/json", "stix.json", r);
    }
    return switch (format) {
      case "json" -> new Rendered(r.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8", "json", r);
      case "html" -> new Rendered(html(r, orgs).getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", "html", r);
      case "pdf" -> new Rendered(renderer.pdf(html(r, orgs)), "application/pdf", "pdf", r);
      default -> throw new IllegalArgumentException("format must be pdf, html or json, not " + format);
    };
  }

  private String html(IncidentReport r, OrgDirectory orgs) throws IOException {
    Organization reporting = r.incident().orgs().isEmpty() ? null : orgs.organization(r.incident().orgs().get(0));
    // the province: the top of the reporting organisation's branch of the tree
    List<Organization> path = reporting == null ? List.of() : orgs.path(reporting.id());
    String province = path.isEmpty() ? "" : path.get(0).name();
    return renderer.html(r, ReportRenderer.Header.of(province, reporting == null ? "" : reporting.name()), LocalDate.now(clock.withZone(renderer.zone())));
  }
}
