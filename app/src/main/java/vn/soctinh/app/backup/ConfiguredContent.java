package vn.soctinh.app.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.app.config.Installation;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.net.TlsSettings;

/**
 * The files and directories a configuration names, sorted into where a backup finds them: in the
 * data directory (copied with it), in the installation (shipped content: the package brings it
 * back, not copied), or elsewhere (the province's own: local rules, indicator lists, certificates,
 * templates; copied as parts of their own and reported on restore).
 */
final class ConfiguredContent {
  private ConfiguredContent() {}

  /** A configured path and the key that names it. */
  record Item(String key, Path path) {}

  /** Every path the configuration names, with its key; nulls left out. */
  static List<Item> of(SocTinhConfig c) {
    List<Item> out = new ArrayList<>();
    List<Path> rules = c.detection().ruleDirs();
    for (int i = 0; i < rules.size(); i++) add(out, "detection.rules[" + i + "]", rules.get(i));
    add(out, "detection.mapping", c.detection().mapping());
    List<Path> ioc = c.detection().iocDirs();
    for (int i = 0; i < ioc.size(); i++) add(out, "detection.ioc[" + i + "]", ioc.get(i));
    add(out, "incidents.regulation_dir", c.incidents().regulationDir());
    add(out, "drills.scenarios_dir", c.drills().scenariosDir());
    add(out, "reports.templates_dir", c.reports().templatesDir());
    add(out, "organizations.file", c.organizations().file());
    tls(out, "listeners.syslog_tls", c.syslogTls());
    tls(out, "listeners.relp", c.relp());
    if (c.http() != null && c.http().tls() != null) {
      add(out, "listeners.http.cert_file", c.http().tls().certFile());
      add(out, "listeners.http.key_file", c.http().tls().keyFile());
    }
    if (c.console() != null) {
      add(out, "console.cert_file", c.console().certFile());
      add(out, "console.key_file", c.console().keyFile());
    }
    if (c.analyzer().elasticsearch() != null) add(out, "analyzer.elasticsearch.ca_file", c.analyzer().elasticsearch().caCertificate());
    return out;
  }

  private static void tls(List<Item> out, String key, StreamSettings s) {
    if (s == null || s.tls() == null) return;
    TlsSettings t = s.tls();
    add(out, key + ".cert_file", t.certFile());
    add(out, key + ".key_file", t.keyFile());
    add(out, key + ".client_ca_file", t.clientCaFile());
  }

  private static void add(List<Item> out, String key, Path p) {
    if (p != null) out.add(new Item(key, p.toAbsolutePath().normalize()));
  }

  /** Whether {@code p} is the shipped content of the running installation. */
  static boolean shipped(Path p) {
    Installation home = Installation.current();
    return home.complete() && p.startsWith(home.dir());
  }
}
