package vn.soctinh.console.api;

import java.time.Clock;
import java.time.Duration;
import vn.soctinh.console.ConsoleBackend;
import vn.soctinh.console.LiveFeed;
import vn.soctinh.console.auth.ApiTokens;
import vn.soctinh.console.auth.LoginGuard;
import vn.soctinh.console.auth.PasswordPolicy;
import vn.soctinh.console.auth.Sessions;
import vn.soctinh.console.auth.UserStore;

/** Mounts every API area on one router; reports and drills write local times in {@code zone} (the config's {@code timezone}). */
public final class ApiRoutes {
  private ApiRoutes() {}

  public static void mount(ApiRouter api, ConsoleBackend b, UserStore users, ApiTokens tokens, Sessions sessions, LoginGuard guard, PasswordPolicy policy,
      LiveFeed feed, Clock clock, vn.soctinh.console.report.ReportDrafts drafts, java.time.ZoneId zone) {
    vn.soctinh.console.report.ReportRenderer renderer = new vn.soctinh.console.report.ReportRenderer(b.reportTemplates(), zone);
    new EventsApi(b.store(), api).mount();
    if (b.incidents() != null) {
      IncidentsApi incidents = new IncidentsApi(b.incidents(), b.store(), api, feed, clock, Duration.ofHours(24), b.orgs(), renderer, drafts);
      incidents.mount();
      b.incidents().onOpened(i -> feed.publish("incident", i.orgs(), incidents.summary(i)));
    }
    new OrgApi(b.orgs(), b.sources(), b.intake(), api).mount();
    new RulesApi(b.rules(), b.store(), api).mount();
    new AdminApi(users, tokens, sessions, guard, policy, b.operations().status(), api).mount();
    new RetentionApi(b.operations().retention(), api).mount();
    new ReportsApi(b.store(), b.incidents(), b.orgs(), b.sources(), api, clock, renderer).mount();
    new DrillsApi(b.drills(), b.orgs(), api, clock, renderer).mount();
    new StatsApi(b.store(), b.incidents(), b.sources(), b.health(), api, clock).mount();
  }
}
