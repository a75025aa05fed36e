package vn.soctinh.collector;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.soabase.recordbuilder.core.RecordBuilder.Initializer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.EventLoops;
import vn.soctinh.collector.net.JournalAppendHandler;
import vn.soctinh.collector.net.SenderAttribution;
import vn.soctinh.collector.net.StreamListener;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.net.UdpListener;
import vn.soctinh.collector.net.UdpSettings;
import vn.soctinh.collector.relp.RelpProtocol;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.collector.syslog.SyslogFrameDecoder;
import vn.soctinh.collector.tls.TlsContexts;

/**
 * The network side of SOC Tỉnh: starts the syslog UDP/TCP/TLS, RELP and flow-export (NetFlow,
 * IPFIX) listeners, each writing raw bytes with their metadata into the journal. Knows bytes, frames, transports and senders; never
 * parses log content. HTTP intake is mounted separately on the process's HTTP server.
 */
public final class Collector implements AutoCloseable {
  /**
   * What to start; a null listener is disabled. {@code flowUdp} are the datagram listeners for flow
   * export (NetFlow, IPFIX): the same one-record-per-datagram listener as syslog over UDP, under
   * their own names, so the analyzer knows their records by listener.
   */
  @ByName
  public record Settings(UdpSettings syslogUdp, StreamSettings syslogTcp, StreamSettings syslogTls, StreamSettings relp,
      @Initializer("NO_FLOW_LISTENERS") List<UdpSettings> flowUdp, long maxPendingBytes, Path tlsDir, int ioThreads,
      @Initializer("DEFAULT_SHUTDOWN_QUIET_MILLIS") long shutdownQuietMillis,
      @Initializer("DEFAULT_SHUTDOWN_DRAIN_MILLIS") long shutdownDrainMillis) implements CollectorSettingsBuilder.With {
    public static final long DEFAULT_SHUTDOWN_QUIET_MILLIS = 500;
    public static final long DEFAULT_SHUTDOWN_DRAIN_MILLIS = 10_000;
    public static final List<UdpSettings> NO_FLOW_LISTENERS = List.of();

    public Settings {
      flowUdp = List.copyOf(flowUdp);
    }
  }

  /** A listener that is up: its name, transport and bound address. */
  public record Bound(String name, Transport transport, InetSocketAddress address, String detail) {}

  private final Settings settings;
  private final RecordAppender journal;
  private final Supplier<SourceTable> sources;
  private final MeterRegistry registry;
  private final EventLoops loops;
  private final List<StreamListener> streams = new ArrayList<>();
  private final Map<String, ListenerMetrics> metrics = new LinkedHashMap<>();
  private final List<Bound> bound = new ArrayList<>();
  private final List<UdpListener> datagrams = new ArrayList<>();

  public Collector(Settings settings, RecordAppender journal, Supplier<SourceTable> sources, MeterRegistry registry) {
    this.settings = settings;
    this.journal = journal;
    this.sources = sources;
    this.registry = registry;
    this.loops = new EventLoops(settings.ioThreads());
  }

  public List<Bound> start() throws IOException, InterruptedException {
    if (settings.syslogUdp() != null) startDatagrams(settings.syslogUdp());
    for (UdpSettings s : settings.flowUdp()) startDatagrams(s);
    if (settings.syslogTcp() != null) startSyslogStream(settings.syslogTcp());
    if (settings.syslogTls() != null) startSyslogStream(settings.syslogTls());
    if (settings.relp() != null) {
      StreamSettings s = settings.relp();
      Transport t = Transport.RELP;
      ListenerMetrics m = metrics(s.name(), t);
      SenderAttribution attr = new SenderAttribution(sources, s.name(), t);
      TlsContexts.ServerTls tls = s.tls() == null ? null : TlsContexts.server(s.tls(), settings.tlsDir());
      StreamListener l = new StreamListener(s, loops, tls == null ? null : tls.context(), attr, m,
          new RelpProtocol(journal, attr, m, s.maxFrameBytes(), s.maxInflightBytes()));
      streams.add(l);
      bound.add(new Bound(s.name(), t, asConfigured(s.listen(), l.start()), tls == null ? "" : tlsDetail(tls)));
    }
    return List.copyOf(bound);
  }

  private void startDatagrams(UdpSettings s) throws IOException, InterruptedException {
    ListenerMetrics m = metrics(s.name(), Transport.UDP);
    UdpListener udp = new UdpListener(s, loops, journal, new SenderAttribution(sources, s.name(), Transport.UDP), m, settings.maxPendingBytes());
    datagrams.add(udp);
    InetSocketAddress a = asConfigured(s.listen(), udp.start());
    // Linux reports twice the size asked (it counts its bookkeeping); less than asked means rmem_max capped it
    String note = "SO_RCVBUF asked " + s.rcvbufBytes() + ", kernel reports " + udp.grantedReceiveBuffer();
    if (udp.grantedReceiveBuffer() < s.rcvbufBytes()) note += " (capped: raise net.core.rmem_max)";
    bound.add(new Bound(s.name(), Transport.UDP, a, note));
  }

  private void startSyslogStream(StreamSettings s) throws IOException, InterruptedException {
    Transport t = s.tls() == null ? Transport.TCP : Transport.TLS;
    ListenerMetrics m = metrics(s.name(), t);
    SenderAttribution attr = new SenderAttribution(sources, s.name(), t);
    TlsContexts.ServerTls tls = s.tls() == null ? null : TlsContexts.server(s.tls(), settings.tlsDir());
    SslContext ssl = tls == null ? null : tls.context();
    StreamListener l = new StreamListener(s, loops, ssl, attr, m, p -> {
      p.addLast("framing", new SyslogFrameDecoder(s.maxFrameBytes()));
      p.addLast("journal", new JournalAppendHandler(journal, attr, m, s.maxInflightBytes()));
    });
    streams.add(l);
    bound.add(new Bound(s.name(), t, asConfigured(s.listen(), l.start()), tls == null ? "" : tlsDetail(tls)));
  }

  /** The configured host with the port actually bound (a wildcard shows as configured, not as ::). */
  private static InetSocketAddress asConfigured(InetSocketAddress configured, InetSocketAddress actual) {
    return new InetSocketAddress(configured.getAddress(), actual.getPort());
  }

  private static String tlsDetail(TlsContexts.ServerTls tls) {
    return (tls.generated() ? "generated self-signed certificate " : "certificate ") + tls.certFile() + " SHA-256 " + tls.sha256Fingerprint();
  }

  private ListenerMetrics metrics(String name, Transport t) {
    return metrics.computeIfAbsent(name, n -> new ListenerMetrics(registry, n, t.label()));
  }

  public List<Bound> bound() {
    return List.copyOf(bound);
  }

  /** First step of shutdown: no new connections or datagrams. */
  public void stopAccepting() {
    datagrams.forEach(UdpListener::close);
    streams.forEach(StreamListener::stopAccepting);
  }

  /**
   * Stops accepting, drains open connections (see {@link StreamListener#drainAndClose}) in parallel,
   * closes them and the event loops. Records read so far are in the journal's hands afterwards.
   */
  @Override
  public void close() {
    stopAccepting();
    streams.parallelStream().forEach(l -> l.drainAndClose(settings.shutdownQuietMillis(), settings.shutdownDrainMillis()));
    loops.close();
  }
}
