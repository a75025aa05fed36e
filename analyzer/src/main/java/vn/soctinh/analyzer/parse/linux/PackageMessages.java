package vn.soctinh.analyzer.parse.linux;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * Package managers. dpkg's own log ({@code /var/log/dpkg.log}, no syslog header):
 * {@code 2026-11-23 10:00:00 install openssh-server:amd64 <none> 1:9.2p1-2}, {@code upgrade},
 * {@code remove}, {@code purge}, {@code configure}, {@code status STATE pkg:arch version},
 * {@code trigproc}, {@code startup ...}. yum/dnf through syslog: {@code Installed: nginx-1.20.1-1.el8.x86_64},
 * {@code Updated:}, {@code Upgraded:}, {@code Erased:}, {@code Removed:}, {@code Reinstalled:}, {@code Downgraded:}.
 */
final class PackageMessages {
  private static final List<String> PACKAGE = List.of("package");

  private PackageMessages() {}

  /** "YYYY-MM-DD HH:MM:SS word" at the start: a dpkg.log line. */
  static boolean isDpkg(String t) {
    return t.length() > 21 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == ' ' && t.charAt(13) == ':' && t.charAt(16) == ':'
        && t.charAt(19) == ' ' && Character.isDigit(t.charAt(0)) && Character.isLowerCase(t.charAt(20));
  }

  private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static final java.util.Set<String> DPKG_VERBS =
      java.util.Set.of("install", "upgrade", "remove", "purge", "configure", "trigproc", "status", "startup", "conffile");

  /**
   * The dpkg.log line of a record: its message when that is one, or, when the syslog decoder read the
   * line's "YYYY-MM-DD HH:MM:SS" as a header stamp and the dpkg verb as the host, the line put back together.
   */
  static String dpkgLine(vn.soctinh.analyzer.parse.LogLine line) {
    if (isDpkg(line.message())) return line.message();
    var h = line.syslog();
    if (h == null || h.priority >= 0 || h.appname != null || h.hostname == null || !DPKG_VERBS.contains(h.hostname) || h.timestamp == null) return null;
    ZoneId zone = line.zone() == null ? java.time.ZoneOffset.UTC : line.zone();
    String stamp = LocalDateTime.ofInstant(h.timestamp, zone).format(STAMP);
    String t = stamp + " " + h.hostname + " " + line.message();
    return isDpkg(t) ? t : null;
  }

  static boolean dpkg(String t, ZoneId zone, Event e) {
    if (!isDpkg(t)) return false;
    String[] w = t.substring(20).split(" ", 6);
    String verb = w[0];
    String action;
    List<String> type;
    String pkg = null;
    String version = null;
    String previous = null;
    switch (verb) {
      case "install", "upgrade", "remove", "purge", "configure", "trigproc" -> {
        if (w.length < 4) return false;
        pkg = w[1];
        previous = w[2];
        version = w[3];
        switch (verb) {
          case "install" -> { action = "package_installed"; type = List.of("installation"); }
          case "upgrade" -> { action = "package_upgraded"; type = List.of("change"); }
          case "remove" -> { action = "package_removed"; type = List.of("deletion"); }
          case "purge" -> { action = "package_purged"; type = List.of("deletion"); }
          case "configure" -> { action = "package_configured"; type = List.of("change"); }
          default -> { action = "package_trigger"; type = List.of("info"); }
        }
        if (verb.equals("remove") || verb.equals("purge")) {
          version = previous;
          previous = null;
        }
      }
      case "status" -> {
        if (w.length < 4) return false;
        action = "package_status";
        type = List.of("info");
        e.put("dpkg.status", w[1]);
        pkg = w[2];
        version = w[3];
      }
      case "startup", "conffile" -> {
        action = "dpkg_" + verb;
        type = List.of("info");
      }
      default -> { return false; }
    }
    try {
      e.put("@timestamp", LocalDateTime.parse(t.substring(0, 10) + "T" + t.substring(11, 19)).atZone(zone).toInstant());
    } catch (DateTimeParseException ex) {
      return false;
    }
    Ecs.classify(e, "dpkg.log", PACKAGE, type, action, "success");
    if (pkg != null) {
      int colon = pkg.indexOf(':');
      e.put("package.name", colon > 0 ? pkg.substring(0, colon) : pkg);
      if (colon > 0) e.put("package.architecture", pkg.substring(colon + 1));
    }
    if (version != null && !version.equals("<none>")) e.put("package.version", version);
    if (previous != null && !previous.equals("<none>")) e.put("dpkg.previous_version", previous);
    e.put("package.type", "deb");
    return true;
  }

  /** yum / dnf: "Installed: nginx-1:1.20.1-1.el8.x86_64" (epoch optional). */
  static boolean yum(String t, Event e) {
    int colon = t.indexOf(": ");
    if (colon <= 0) return false;
    String verb = t.substring(0, colon);
    String action;
    List<String> type;
    switch (verb) {
      case "Installed" -> { action = "package_installed"; type = List.of("installation"); }
      case "Updated", "Upgraded", "Downgraded", "Reinstalled" -> { action = "package_" + verb.toLowerCase(java.util.Locale.ROOT); type = List.of("change"); }
      case "Erased", "Removed" -> { action = "package_removed"; type = List.of("deletion"); }
      default -> { return false; }
    }
    String nevra = t.substring(colon + 2).strip();
    int sp = nevra.indexOf(' ');
    if (sp > 0) nevra = nevra.substring(0, sp);
    if (nevra.isEmpty()) return false;
    Ecs.classify(e, "yum.log", PACKAGE, type, action, "success");
    e.put("package.type", "rpm");
    // name-[epoch:]version-release.arch: the architecture after the last dot, the release and version before the last two dashes
    String rest = nevra;
    int dot = rest.lastIndexOf('.');
    if (dot > 0 && isArch(rest.substring(dot + 1))) {
      e.put("package.architecture", rest.substring(dot + 1));
      rest = rest.substring(0, dot);
    }
    int d2 = rest.lastIndexOf('-');
    int d1 = d2 > 0 ? rest.lastIndexOf('-', d2 - 1) : -1;
    if (d1 > 0 && Character.isDigit(rest.charAt(d1 + 1))) {
      e.put("package.name", rest.substring(0, d1));
      String v = rest.substring(d1 + 1);
      int ep = v.indexOf(':');
      e.put("package.version", ep >= 0 ? v.substring(ep + 1) : v);
    } else {
      e.put("package.name", rest);
    }
    return true;
  }

  private static boolean isArch(String a) {
    return a.equals("x86_64") || a.equals("noarch") || a.equals("i686") || a.equals("aarch64") || a.equals("ppc64le") || a.equals("s390x")
        || a.equals("i386") || a.equals("armv7hl");
  }
}
