package vn.soctinh.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import vn.soctinh.collector.syslog.SyslogSender;
import vn.soctinh.collector.syslog.SyslogSenderOptionsBuilder;

@Command(name = "send", mixinStandardHelpOptions = true,
    description = {"Send syslog messages: an agency's connectivity check, and a load generator.",
        "Template placeholders: {seq} (0-padded sequence), {ts} (RFC 3339 now), {host}, {rand}.",
        "Exit code 0 when every message was sent (and, over RELP, acknowledged), 1 otherwise."})
final class SendCommand implements Callable<Integer> {
  @Option(names = {"-t", "--transport"}, defaultValue = "tcp", description = "tcp, udp, tls or relp (default: ${DEFAULT-VALUE})")
  String transport;
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "SOC address (default: ${DEFAULT-VALUE})") String host;
  @Option(names = {"-p", "--port"}, description = "port (default: 5514, tls 6514, relp 2514)") Integer port;
  @Option(names = {"-n", "--count"}, defaultValue = "1", description = "messages to send (default: ${DEFAULT-VALUE})") long count;
  @Option(names = {"-r", "--rate"}, defaultValue = "0", description = "messages per second, 0 = as fast as possible") int rate;
  @Option(names = "--template", description = "message template (default: an RFC 5424 line)") String template;
  @Option(names = "--framing", defaultValue = "octet-counting", description = "tcp/tls: lf or octet-counting (default: ${DEFAULT-VALUE})")
  String framing;
  @Option(names = "--ca", paramLabel = "PEM", description = "TLS: CA certificate(s) to verify the SOC with") Path ca;
  @Option(names = "--insecure", description = "TLS: do not verify the SOC's certificate (a self-signed test setup)") boolean insecure;
  @Option(names = "--cert", paramLabel = "PEM", description = "TLS: client certificate (mutual TLS)") Path cert;
  @Option(names = "--key", paramLabel = "PEM", description = "TLS: client key, PKCS#8") Path key;
  @Option(names = "--window", defaultValue = "128", description = "RELP: unacknowledged messages in flight (default: ${DEFAULT-VALUE})")
  int window;
  @Option(names = "--timeout-ms", defaultValue = "30000", description = "connect/ack timeout (default: ${DEFAULT-VALUE})") int timeoutMs;
  @Option(names = "--json", description = "print the result as JSON") boolean json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SyslogSender.Transport t = switch (transport.toLowerCase(java.util.Locale.ROOT)) {
      case "tcp" -> SyslogSender.Transport.TCP;
      case "udp" -> SyslogSender.Transport.UDP;
      case "tls" -> SyslogSender.Transport.TLS;
      case "relp" -> SyslogSender.Transport.RELP;
      default -> throw new ExitException(2, "soctinh send: --transport must be tcp, udp, tls or relp, not '" + transport + "'");
    };
    SyslogSender.Framing f = switch (framing.toLowerCase(java.util.Locale.ROOT)) {
      case "lf" -> SyslogSender.Framing.LF;
      case "octet-counting", "octet" -> SyslogSender.Framing.OCTET_COUNTING;
      default -> throw new ExitException(2, "soctinh send: --framing must be lf or octet-counting, not '" + framing + "'");
    };
    if ((cert == null) != (key == null)) throw new ExitException(2, "soctinh send: --cert and --key go together");
    if (count < 0 || rate < 0 || window < 1) throw new ExitException(2, "soctinh send: --count and --rate must be ≥ 0, --window ≥ 1");
    int p = port != null ? port : switch (t) {
      case TLS -> 6514;
      case RELP -> 2514;
      default -> 5514;
    };
    SyslogSenderOptionsBuilder b = SyslogSender.Options.of(t, host, p).with().framing(f).count(count).rate(rate)
        .relpWindow(window).timeoutMillis(timeoutMs).trustAll(insecure).caPem(ca).clientCertPem(cert).clientKeyPem(key);
    if (template != null) b.template(template);
    SyslogSender.Options o = b.build();
    SyslogSender.Result r = new SyslogSender(o).run();
    boolean ok = r.error() == null && r.sent() == count && (t != SyslogSender.Transport.RELP || r.acked() == count);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", ok);
      m.put("transport", t.name().toLowerCase(java.util.Locale.ROOT));
      m.put("target", host + ":" + p);
      m.put("sent", r.sent());
      m.put("acked", r.acked());
      m.put("errors", r.errors());
      m.put("seconds", r.elapsedNanos() / 1e9);
      m.put("msgs_per_s", Math.round(r.messagesPerSecond()));
      if (r.error() != null) m.put("error", r.error());
      Json.print(spec.commandLine().getOut(), m);
    } else {
      spec.commandLine().getOut().printf("%s %s:%d: sent %d%s in %.3f s (%d msgs/s)%s%n", t.name().toLowerCase(java.util.Locale.ROOT), host, p,
          r.sent(), t == SyslogSender.Transport.RELP ? ", acknowledged " + r.acked() : "", r.elapsedNanos() / 1e9,
          Math.round(r.messagesPerSecond()), r.error() == null ? "" : "; error: " + r.error());
    }
    return ok ? 0 : 1;
  }
}
