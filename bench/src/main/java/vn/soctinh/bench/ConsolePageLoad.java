package vn.soctinh.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.console.ConsoleBackend;
import vn.soctinh.console.ConsoleBackendBuilder;
import vn.soctinh.console.ConsoleServer;
import vn.soctinh.console.ConsoleSettings;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.UserStore;

/**
 * How long the console's Overview and Search pages take to show their data in a real Chromium, on a
 * store filled by {@code StoreLoad -Dstart=recent} (the 7 days end now, so "last hour" and "last
 * 24 h" are full). Each run navigates from about:blank (a full page load: HTML, scripts from the
 * webjars, login cookie, API calls, charts drawn) and stops the clock when the page's data is on
 * screen. Prints p50/p95 over RUNS runs after 3 warm-up runs.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar vn.soctinh.bench.ConsolePageLoad DIR [RUNS]} (DIR as given to StoreLoad) from the
 * repository root (it reads rules/regulation and deploy/org.example.yml).
 */
public final class ConsolePageLoad {
  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      // Vert.x threads are not daemons: end the JVM whatever happened
      System.out.flush();
      Runtime.getRuntime().halt(0);
    }
  }

  private static void run(String[] args) throws Exception {
    Path storeDir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path work = Files.createTempDirectory("soctinh-pageload");
    String password = "benchmark password 2026";
    // the layout StoreLoad writes: DIR/store
    try (LuceneEventStore store = LuceneEventStore.open(storeDir.resolve("store"))) {
      OrgDirectory orgs = OrgFile.parseYaml(Files.readString(Path.of("deploy/org.example.yml")), "org.example.yml").directory();
      AuditLog audit = new AuditLog(work.resolve("audit"), Clock.systemUTC());
      IncidentService incidents = new IncidentService(store, new IncidentRules(IncidentRules.load(Path.of("rules/regulation")), "current-2026"),
          IncidentService.Grouping.defaults(), Clock.systemUTC());
      new UserStore(work.resolve("console"), Clock.systemUTC()).add("bench", Role.ANALYST, null, password.toCharArray(), false);
      ConsoleBackend backend = ConsoleBackendBuilder.builder().store(store).incidents(incidents).orgs(() -> orgs).audit(audit).sources(JsonArray::new)
          .metrics(() -> "").health(() -> new JsonObject().put("status", "ok")).intake(JsonObject::new).build();
      Vertx vertx = Vertx.vertx();
      ConsoleServer server = ConsoleServer.start(vertx, ConsoleSettings.forTests(work), backend, work, Clock.systemUTC());
      String base = "https://127.0.0.1:" + server.port();
      System.out.printf("store: %,d events%n", store.stats().documents());
      try (Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
        Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
            .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
        Page page = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true).setViewportSize(1366, 768)).newPage();
        page.setDefaultTimeout(60_000);
        page.navigate(base + "/");
        page.fill("#login-user", "bench");
        page.fill("#login-password", password);
        page.click("#login-submit");
        page.waitForSelector("#logout");
        time(page, base + "/#/overview", "#eps-chart canvas", "Overview (events/s chart, alerts, incidents)", runs);
        time(page, base + "/#/search", "#search-histogram canvas", "Search (last 24 h: total, 100 newest, histogram)", runs);
        // what the numbers mean: how many events the pages counted
        page.navigate(base + "/#/search");
        page.waitForSelector("#search-total");
        System.out.println("search page shows: " + page.textContent("#search-total"));
        browser.close();
      }
      server.close();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static void time(Page page, String url, String ready, String name, int runs) {
    Histogram h = new Histogram(3);
    for (int i = 0; i < runs + 3; i++) {
      page.navigate("about:blank");
      long t0 = System.nanoTime();
      page.navigate(url);
      page.waitForSelector(ready);
      if (url.endsWith("/search")) page.waitForSelector("#search-total");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (i >= 3) h.recordValue(ms);
      if (i == runs + 2) {
        // where the time of the last run went: each request's duration as the browser saw it
        System.out.println("  last run, requests over 20 ms: " + page.evaluate("() => performance.getEntriesByType('resource')"
            + ".filter(e => e.duration > 20).map(e => e.name.replace(location.origin, '').split('?')[0] + ' ' + Math.round(e.duration) + ' ms').join(', ')"));
      }
    }
    System.out.printf("%-55s p50 %4d ms  p95 %4d ms  max %4d ms  (%d runs)%n", name, h.getValueAtPercentile(50), h.getValueAtPercentile(95), h.getMaxValue(), runs);
  }
}
