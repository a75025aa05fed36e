package vn.soctinh.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.Collector;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start SOC Tỉnh: syslog UDP/TCP on 5514, TLS on 6514, RELP on 2514, HTTP on 8080, data in ./data.",
        "Ctrl-C (SIGTERM) stops accepting, flushes, fsyncs and exits."})
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Option(names = "--json", description = "print the listeners as one JSON line (for scripts)") boolean json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SocTinhConfig cfg = config.load();
    long t0 = System.nanoTime();
    SocTinh app = SocTinh.start(cfg); // a busy port fails here with the listener's name and key
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        app.close();
      } catch (Exception e) {
        System.err.println("soctinh: error during shutdown: " + e);
      } finally {
        stopped.countDown();
      }
    }, "soctinh-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    double secs = (System.nanoTime() - t0) / 1e9;
    if (json) {
      List<Map<String, Object>> ls = new ArrayList<>();
      for (Collector.Bound b : app.bound()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("transport", b.transport().label());
        m.put("host", b.address().getHostString());
        m.put("port", b.address().getPort());
        m.put("detail", b.detail());
        ls.add(m);
      }
      Map<String, Object> started = new LinkedHashMap<>();
      started.put("event", "started");
      started.put("pid", ProcessHandle.current().pid());
      started.put("data_dir", cfg.dataDir().toAbsolutePath().toString());
      started.put("listeners", ls);
      if (app.console() != null) {
        started.put("console", (app.console().tls() ? "https" : "http") + "://" + cfg.console().host() + ":" + app.console().port() + "/");
      }
      out.println(Json.line(started));
    } else {
      out.printf("SOC Tỉnh %s started in %.1f s (pid %d); data in %s%n", VersionCommand.version(), secs,
          ProcessHandle.current().pid(), cfg.dataDir().toAbsolutePath().normalize());
      out.println(cfg.source() == null ? "configuration: built-in defaults (no soctinh.yml)" : "configuration: " + cfg.source());
      for (Collector.Bound b : app.bound()) {
        out.printf("  %-11s %-5s %-22s %s%n", b.name(), b.transport().label(),
            b.address().getHostString() + ":" + b.address().getPort(), b.detail());
      }
      if (app.console() != null) {
        out.printf("  %-11s %-5s %-22s %s%n", "console", app.console().tls() ? "https" : "http", cfg.console().host() + ":" + app.console().port(),
            "the web console" + (app.console().tls() && cfg.console().certFile() == null ? " (self-signed certificate in data/tls)" : ""));
      }
      out.println("Press Ctrl-C to stop.");
    }
    out.flush();
    stopped.await();
    return 0;
  }
}
