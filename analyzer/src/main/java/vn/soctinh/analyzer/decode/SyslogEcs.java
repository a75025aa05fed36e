package vn.soctinh.analyzer.decode;

import vn.soctinh.analyzer.event.Event;

/** Copies a decoded syslog header onto an event under the ECS names. */
public final class SyslogEcs {
  private SyslogEcs() {}

  public static void map(SyslogMessage m, Event e) {
    if (m.timestamp != null) e.put("@timestamp", m.timestamp);
    if (m.priority >= 0) {
      e.put("log.syslog.priority", m.priority);
      e.put("log.syslog.facility.code", m.facility());
      e.put("log.syslog.facility.name", Pri.FACILITY[m.facility()]);
      e.put("log.syslog.severity.code", m.severity());
      e.put("log.syslog.severity.name", Pri.SEVERITY[m.severity()]);
    }
    if (m.version >= 0) e.put("log.syslog.version", String.valueOf(m.version));
    if (m.hostname != null) {
      e.put("log.syslog.hostname", m.hostname);
      e.put("host.hostname", m.hostname);
    }
    if (m.appname != null) {
      e.put("log.syslog.appname", m.appname);
      // A Cisco mnemonic (%ASA-6-302013) names a message type, not a process.
      if (m.appname.charAt(0) != '%') e.put("process.name", m.appname);
    }
    if (m.procid != null) {
      e.put("log.syslog.procid", m.procid);
      long pid = digits(m.procid);
      if (pid >= 0) e.put("process.pid", pid);
    }
    if (m.msgid != null) e.put("log.syslog.msgid", m.msgid);
    if (m.structuredData != null) e.put("log.syslog.structured_data", m.structuredData);
    if (m.sequence >= 0) e.put("event.sequence", m.sequence);
    if (m.relay != null) e.put("log.syslog.relay", m.relay);
    e.put("message", m.message);
  }

  public static String facilityName(int code) {
    return code >= 0 && code < Pri.FACILITY.length ? Pri.FACILITY[code] : null;
  }

  public static String severityName(int code) {
    return code >= 0 && code < Pri.SEVERITY.length ? Pri.SEVERITY[code] : null;
  }

  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) return -1;
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
