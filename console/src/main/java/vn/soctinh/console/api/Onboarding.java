package vn.soctinh.console.api;

import io.vertx.core.json.JsonObject;
import vn.soctinh.analyzer.org.Organization;

/**
 * Forwarder configurations an agency pastes on its servers: rsyslog and syslog-ng (Linux) and NXLog
 * (Windows), sending over TLS to the SOC's syslog TLS listener and checking its certificate, with
 * the agency's TLS name so the collector attributes its logs.
 *
 * @param intake {@code host}, {@code tls_port}, {@code tcp_port}, {@code fingerprint} (SHA-256 of the
 *     listener's certificate) as the running process reports them
 */
record Onboarding(Organization org, JsonObject intake) {
  private static final String CA = "/etc/ssl/soctinh/soctinh-ca.pem";

  String host() {
    return clean(intake.getString("host", "soc.example.gov.vn"));
  }

  int tlsPort() {
    return intake.getInteger("tls_port", 6514);
  }

  /** Only characters that cannot break out of a config string: the org's own data is not trusted either. */
  static String clean(String s) {
    return s == null ? "" : s.replaceAll("[^A-Za-z0-9._:\\-]", "_");
  }

  String peer() {
    return org.sources() != null && !org.sources().tlsNames().isEmpty() ? clean(org.sources().tlsNames().get(0)) : clean(org.id()) + ".agency.local";
  }

  String rsyslog() {
    return "# SOC Tinh - forward every log of this server to the provincial SOC over TLS\n"
        + "# agency: " + clean(org.id()) + "\n"
        + "# 1. apt-get install rsyslog-gnutls\n"
        + "# 2. copy the SOC certificate to " + CA + " (SHA-256 fingerprint " + clean(intake.getString("fingerprint", "?")) + ")\n"
        + "# 3. save as /etc/rsyslog.d/60-soctinh.conf and run: systemctl restart rsyslog\n"
        + "global(DefaultNetstreamDriver=\"gtls\" DefaultNetstreamDriverCAFile=\"" + CA + "\")\n"
        + "action(type=\"omfwd\" target=\"" + host() + "\" port=\"" + tlsPort() + "\" protocol=\"tcp\"\n"
        + "       StreamDriver=\"gtls\" StreamDriverMode=\"1\" StreamDriverAuthMode=\"x509/name\"\n"
        + "       StreamDriverPermittedPeers=\"" + host() + "\" TCP_Framing=\"octet-counted\"\n"
        + "       template=\"RSYSLOG_SyslogProtocol23Format\"\n"
        + "       queue.type=\"LinkedList\" queue.filename=\"soctinh_fwd\" queue.saveOnShutdown=\"on\"\n"
        + "       queue.maxDiskSpace=\"1g\" action.resumeRetryCount=\"-1\")\n";
  }

  String syslogNg() {
    return "# SOC Tinh - forward every log of this server to the provincial SOC over TLS\n"
        + "# agency: " + clean(org.id()) + "\n"
        + "# save as /etc/syslog-ng/conf.d/soctinh.conf; the SOC certificate in " + CA + "\n"
        + "destination d_soctinh {\n"
        + "  syslog(\"" + host() + "\" transport(\"tls\") port(" + tlsPort() + ")\n"
        + "    tls(ca-file(\"" + CA + "\") peer-verify(required-trusted))\n"
        + "    disk-buffer(mem-buf-size(10000) disk-buf-size(1073741824) reliable(yes)));\n"
        + "};\n"
        + "log { source(s_src); destination(d_soctinh); };\n";
  }

  String nxlog() {
    return "# SOC Tinh - forward the Windows event log to the provincial SOC over TLS (NXLog CE)\n"
        + "# agency: " + clean(org.id()) + "\n"
        + "# save as C:\\Program Files\\nxlog\\conf\\nxlog.d\\soctinh.conf; the SOC certificate as C:\\Program Files\\nxlog\\cert\\soctinh-ca.pem\n"
        + "<Extension syslog>\n    Module xm_syslog\n</Extension>\n"
        + "<Input eventlog>\n    Module im_msvistalog\n</Input>\n"
        + "<Output soctinh>\n    Module      om_ssl\n    Host        " + host() + "\n    Port        " + tlsPort() + "\n"
        + "    CAFile      %CERTDIR%\\soctinh-ca.pem\n    AllowUntrusted FALSE\n    OutputType  Syslog_TLS\n"
        + "    Exec        to_syslog_ietf();\n</Output>\n"
        + "<Route soctinh_route>\n    Path eventlog => soctinh\n</Route>\n";
  }

  JsonObject json() {
    return new JsonObject().put("org", org.id()).put("host", host()).put("tls_port", tlsPort()).put("peer", peer())
        .put("fingerprint", intake.getString("fingerprint")).put("rsyslog", rsyslog()).put("syslog_ng", syslogNg()).put("nxlog", nxlog());
  }
}
