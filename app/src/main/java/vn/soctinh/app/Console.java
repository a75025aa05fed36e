package vn.soctinh.app;

import io.vertx.core.json.JsonArray;
import java.time.Clock;
import vn.soctinh.console.ConsoleBackend;
import vn.soctinh.console.ConsoleServer;

/** Starts the console beside the pipeline and feeds it the live alerts of the event bus. */
final class Console {
  private static final System.Logger LOG = System.getLogger(Console.class.getName());

  private Console() {}

  static ConsoleServer start(SocTinh s, ConsoleBackend backend) throws Exception {
    if (s.config().console() == null) return null;
    if (backend == null) {
      LOG.log(System.Logger.Level.WARNING, "console: off, because the analyzer is off (it has no store to show)");
      return null;
    }
    ConsoleServer c = ConsoleServer.start(s.vertx(), s.config().console(), backend, s.config().dataDir(), Clock.systemUTC());
    s.vertx().eventBus().<JsonArray>consumer(vn.soctinh.analyzer.detect.AlertBus.ADDRESS, m -> c.publishAlerts(m.body()));
    LOG.log(System.Logger.Level.INFO, "console: " + (c.tls() ? "https" : "http") + "://" + s.config().console().host() + ":" + c.port() + "/");
    return c;
  }
}
