package vn.soctinh.app.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record on stderr: time, level, logger, message. */
final class Logging {
  private Logging() {}

  static void configure() {
    Logger root = Logger.getLogger("");
    for (var h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler h = new ConsoleHandler();
    h.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        String name = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
        String t = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
        return java.time.Instant.ofEpochMilli(r.getMillis()) + " " + r.getLevel() + " " + name + ": " + formatMessage(r) + t + "\n";
      }
    });
    h.setLevel(Level.ALL);
    root.addHandler(h);
    root.setLevel(Level.INFO);
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
    Logger.getLogger("io.vertx").setLevel(Level.WARNING);
  }
}
