package vn.soctinh.collector.syslog;

import io.soabase.recordbuilder.core.RecordBuilder.Initializer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import vn.soctinh.collector.ByName;
import vn.soctinh.collector.relp.RelpClient;

/**
 * Sends numbered syslog messages to a listener: the load generator and connectivity check behind
 * {@code soctinh send}. Plain JDK sockets (and {@link RelpClient}); one connection, one thread.
 */
public final class SyslogSender {
  public static final String DEFAULT_TEMPLATE = "<134>1 {ts} {host} soctinh-send - - - message {seq} {rand}";

  public enum Transport { TCP, UDP, TLS, RELP }

  /** Stream framing for TCP and TLS (RFC 6587): LF-terminated or octet-counted. */
  public enum Framing { LF, OCTET_COUNTING }

  /**
   * @param count messages to send; sequence numbers run from 0 to count-1
   * @param rate messages per second, 0 for as fast as possible
   * @param template see {@link MessageTemplate}: {@code {seq} {ts} {host} {rand}}
   * @param trustAll TLS: accept any server certificate (for RELP, any TLS option turns TLS on)
   * @param caPem TLS: CA certificates to trust (PEM), or null for the JDK's trust store
   * @param clientCertPem TLS: client certificate chain for mutual TLS (PEM), or null
   * @param clientKeyPem TLS: its private key (PEM)
   * @param verifyHostname TLS: check that the certificate names {@code host} (off with trustAll)
   * @param relpWindow RELP: most unacknowledged messages
   * @param timeoutMillis connect, handshake, and waiting for RELP acknowledgements at the end
   */
  @ByName
  public record Options(
      Transport transport, String host, int port, @Initializer("LINE_FEED") Framing framing, @Initializer("ONE") long count,
      int rate, @Initializer("TEMPLATE") String template, boolean trustAll, Path caPem, Path clientCertPem, Path clientKeyPem,
      @Initializer("VERIFY_HOSTNAME") boolean verifyHostname, @Initializer("RELP_WINDOW") int relpWindow,
      @Initializer("TIMEOUT_MILLIS") int timeoutMillis) implements SyslogSenderOptionsBuilder.With {
    // what a builder starts from: one line, newline-framed, at full speed, certificates checked
    public static final Framing LINE_FEED = Framing.LF;
    public static final long ONE = 1;
    public static final String TEMPLATE = DEFAULT_TEMPLATE;
    public static final boolean VERIFY_HOSTNAME = true;
    public static final int RELP_WINDOW = RelpClient.DEFAULT_WINDOW;
    public static final int TIMEOUT_MILLIS = 10_000;

    public static Options of(Transport transport, String host, int port) {
      return SyslogSenderOptionsBuilder.builder().transport(transport).host(host).port(port).build();
    }

    public Options withClientCert(Path cert, Path key) {
      return with().clientCertPem(cert).clientKeyPem(key).build();
    }
  }

  /**
   * @param sent messages written (for TCP/TLS/UDP: handed to the OS, not proof of delivery)
   * @param acked RELP: messages the server acknowledged; otherwise 0
   * @param errors messages that failed (RELP: answered with an error or never answered) or, for
   *     the other transports, 1 if the run stopped on an I/O error
   * @param error the first error, or null
   */
  public record Result(long sent, long acked, long errors, long elapsedNanos, String error) {
    public double messagesPerSecond() {
      return elapsedNanos == 0 ? 0 : sent * 1e9 / elapsedNanos;
    }
  }

  private final Options options;

  public SyslogSender(Options options) {
    if (options.count() < 0 || options.rate() < 0) {
      throw new IllegalArgumentException("count and rate must not be negative");
    }
    this.options = options;
  }

  /** Connects, sends {@code count} messages, closes (RELP: after every acknowledgement). */
  public Result run() throws IOException, InterruptedException {
    MessageTemplate template = new MessageTemplate(options.template(), localHostName());
    long start = System.nanoTime();
    try (Sink sink = open()) {
      long sent = 0;
      String error = null;
      try {
        // sleep per small batch: ~200 wake-ups a second whatever the rate
        long batch = options.rate() == 0 ? Long.MAX_VALUE : Math.max(1, options.rate() / 200);
        for (long seq = 0; seq < options.count(); seq++) {
          template.render(seq);
          sink.send(template);
          sent++;
          if (sent % batch == 0) {
            sink.flush();
            long due = start + (long) (sent * 1e9 / options.rate());
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
              LockSupport.parkNanos(wait);
              if (Thread.interrupted()) {
                throw new InterruptedException();
              }
            }
          }
        }
        sink.finish();
      } catch (IOException e) {
        error = e.toString();
      }
      long elapsed = System.nanoTime() - start;
      long errors = sink.errors() + (error != null && !(sink instanceof RelpSink) ? 1 : 0);
      if (error == null) {
        error = sink.firstError();
      }
      return new Result(sent, sink.acked(), errors, elapsed, error);
    }
  }

  /**
   * Opens a connection for messages given one at a time, sent as they are (no placeholders): a
   * caller with its own pace, such as the drill injector. {@code count}, {@code rate} and
   * {@code template} of the options are not used.
   */
  public Connection openConnection() throws IOException {
    return new Connection(open());
  }

  /** One open connection of {@link #openConnection()}. */
  public static final class Connection implements AutoCloseable {
    private final Sink sink;
    private final long start = System.nanoTime();
    private long sent;
    private String error;

    private Connection(Sink sink) {
      this.sink = sink;
    }

    /** Sends one message (without framing: the transport's framing is added). */
    public void send(String message) throws IOException, InterruptedException {
      try {
        sink.send(MessageTemplate.literal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        sent++;
      } catch (IOException e) {
        if (error == null) error = e.toString();
        throw e;
      }
    }

    /** Pushes buffered messages to the socket. */
    public void flush() throws IOException {
      sink.flush();
    }

    /** Waits until everything sent is delivered (RELP: acknowledged) or failed, and says how it went. */
    public Result finish() {
      try {
        sink.finish();
      } catch (IOException e) {
        if (error == null) error = e.toString();
      }
      String first = error != null ? error : sink.firstError();
      long errors = sink.errors() + (error != null && !(sink instanceof RelpSink) ? 1 : 0);
      return new Result(sent, sink.acked(), errors, System.nanoTime() - start, first);
    }

    @Override
    public void close() throws IOException {
      sink.close();
    }
  }

  private Sink open() throws IOException {
    return switch (options.transport()) {
      case UDP -> new UdpSink(options.host(), options.port());
      case TCP -> new StreamSink(connect(), options.framing());
      case TLS -> new StreamSink(tls(connect()), options.framing());
      case RELP -> new RelpSink(RelpClient.connect(options.host(), options.port(), relpTls(), options.verifyHostname() && !options.trustAll(),
          options.relpWindow(), options.timeoutMillis()));
    };
  }

  /** RELP runs over TLS when any TLS option is set. */
  private SSLSocketFactory relpTls() throws IOException {
    if (!options.trustAll() && options.caPem() == null && options.clientCertPem() == null) {
      return null;
    }
    try {
      return TlsClientContext.create(options.trustAll(), options.caPem(), options.clientCertPem(), options.clientKeyPem()).getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS setup: " + e.getMessage(), e);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(options.host(), options.port()), options.timeoutMillis());
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private Socket tls(Socket plain) throws IOException {
    try {
      SSLContext ctx = TlsClientContext.create(options.trustAll(), options.caPem(), options.clientCertPem(), options.clientKeyPem());
      SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, options.host(), options.port(), true);
      if (options.verifyHostname() && !options.trustAll()) {
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
      }
      ssl.setSoTimeout(options.timeoutMillis());
      ssl.startHandshake();
      ssl.setSoTimeout(0);
      return ssl;
    } catch (GeneralSecurityException e) {
      plain.close();
      throw new IOException("TLS setup: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private interface Sink extends AutoCloseable {
    void send(MessageTemplate m) throws IOException, InterruptedException;

    default void flush() throws IOException {}

    /** Everything sent is delivered (RELP: acknowledged) or failed. */
    default void finish() throws IOException {
      flush();
    }

    default long acked() {
      return 0;
    }

    default long errors() {
      return 0;
    }

    default String firstError() {
      return null;
    }

    @Override
    void close() throws IOException;
  }

  private static final class StreamSink implements Sink {
    private final Socket socket;
    private final OutputStream out;
    private final boolean counted;
    private final byte[] digits = new byte[11];

    StreamSink(Socket socket, Framing framing) throws IOException {
      this.socket = socket;
      this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      this.counted = framing == Framing.OCTET_COUNTING;
    }

    @Override
    public void send(MessageTemplate m) throws IOException {
      if (counted) {
        int i = digits.length;
        digits[--i] = ' ';
        int v = m.length();
        do {
          digits[--i] = (byte) ('0' + v % 10);
          v /= 10;
        } while (v > 0);
        out.write(digits, i, digits.length - i);
        out.write(m.buffer(), 0, m.length());
      } else {
        out.write(m.buffer(), 0, m.length());
        out.write('\n');
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      try {
        out.flush();
      } finally {
        socket.close();
      }
    }
  }

  private static final class UdpSink implements Sink {
    private final DatagramSocket socket;
    private final DatagramPacket packet = new DatagramPacket(new byte[0], 0);

    UdpSink(String host, int port) throws IOException {
      socket = new DatagramSocket();
      try {
        socket.connect(new InetSocketAddress(host, port));
      } catch (RuntimeException e) { // unresolved host surfaces as UncheckedIOException
        socket.close();
        throw new IOException("cannot reach " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void send(MessageTemplate m) throws IOException {
      packet.setData(m.buffer(), 0, m.length());
      socket.send(packet);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  private static final class RelpSink implements Sink {
    private final RelpClient client;

    RelpSink(RelpClient client) {
      this.client = client;
    }

    @Override
    public void send(MessageTemplate m) throws IOException, InterruptedException {
      client.send(m.copy());
    }

    @Override
    public void flush() throws IOException {
      client.flush();
    }

    @Override
    public void finish() throws IOException {
      client.close();
    }

    @Override
    public long acked() {
      return client.acked();
    }

    @Override
    public long errors() {
      return client.failed();
    }

    @Override
    public String firstError() {
      return client.lastError();
    }

    @Override
    public void close() throws IOException {
      client.close(); // no-op wait when finish() already ran
    }
  }
}
