package vn.soctinh.app.forwarders;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately small syslog receiver on 127.0.0.1 that only proves the forwarder harness:
 * one thread per connection, strict framing for its {@link Wire}, every payload kept. Framing
 * it does not expect is recorded in {@link #errors()} and the connection dropped. It is not the
 * collector and must not grow into one.
 */
final class SimpleReceiver implements AutoCloseable {

  private static final int MAX_FRAME = 256 * 1024;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Wire wire;
  private final ServerSocket server;
  private final DatagramSocket datagrams;
  private final ConcurrentLinkedQueue<byte[]> payloads = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<String> peers = new CopyOnWriteArrayList<>();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private SimpleReceiver(Wire wire, ServerSocket server, DatagramSocket datagrams) {
    this.wire = wire;
    this.server = server;
    this.datagrams = datagrams;
  }

  /** Listens on {@code port} (0 = any free port); {@code tls} is needed for the TLS wires. */
  static SimpleReceiver start(Wire wire, int port, SSLContext tls) throws IOException {
    SimpleReceiver receiver;
    if (wire == Wire.UDP) {
      DatagramSocket socket = new DatagramSocket(null);
      socket.setReceiveBufferSize(Integer.getInteger("soctinh.test.udpRcvBuf", 4 * 1024 * 1024)); // the kernel caps it at net.core.rmem_max
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      receiver = new SimpleReceiver(wire, null, socket);
      receiver.spawn("udp-" + socket.getLocalPort(), receiver::readDatagrams);
      return receiver;
    }
    ServerSocket server;
    if (wire.tls()) {
      if (tls == null) {
        throw new IllegalArgumentException(wire + " needs an SSLContext");
      }
      SSLServerSocket ssl = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
      ssl.setNeedClientAuth(wire == Wire.MUTUAL_TLS);
      server = ssl;
    } else {
      server = new ServerSocket();
    }
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(LOOPBACK, port), 50);
    receiver = new SimpleReceiver(wire, server, null);
    receiver.spawn("accept-" + server.getLocalPort(), receiver::accept);
    return receiver;
  }

  int port() {
    return server != null ? server.getLocalPort() : datagrams.getLocalPort();
  }

  String host() {
    return LOOPBACK.getHostAddress();
  }

  int count() {
    return count.get();
  }

  List<byte[]> payloads() {
    return new ArrayList<>(payloads);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  /** Client certificate subjects seen on mutual-TLS connections. */
  List<String> peers() {
    return List.copyOf(peers);
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
      }
      if (datagrams != null) {
        datagrams.close();
      }
      for (Socket s : connections) {
        s.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void spawn(String name, Runnable body) {
    Thread t = new Thread(body, "receiver-" + wire + "-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void received(byte[] payload) {
    payloads.add(payload);
    count.incrementAndGet();
  }

  private void error(String what) {
    if (!closed) {
      errors.add(what);
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        spawn("conn-" + socket.getPort(), () -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          error("accept: " + e);
        }
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      if (socket instanceof SSLSocket ssl) {
        ssl.startHandshake();
        if (wire == Wire.MUTUAL_TLS) {
          peers.add(ssl.getSession().getPeerPrincipal().getName());
        }
      }
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      switch (wire) {
        case TCP_LF -> readLines(in);
        case TCP_OCTET_COUNTED, TLS, MUTUAL_TLS -> readOctetCounted(in);
        case RELP -> serveRelp(in, socket.getOutputStream());
        default -> throw new IllegalStateException(wire.toString());
      }
    } catch (EOFException | SocketException e) {
      if (!closed && !(e instanceof EOFException)) {
        error("connection: " + e);
      }
    } catch (IOException | RuntimeException e) {
      error("connection: " + e);
    }
  }

  /** LF framing: every line must look like syslog ("<PRI>..."). */
  private void readLines(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) >= 0) {
      if (b != '\n') {
        line.write(b);
        if (line.size() > MAX_FRAME) {
          throw new IOException("line longer than " + MAX_FRAME);
        }
        continue;
      }
      byte[] payload = line.toByteArray();
      line.reset();
      if (payload.length == 0 || payload[0] != '<') {
        error("LF frame not starting with '<': " + new String(payload, StandardCharsets.UTF_8));
        return;
      }
      received(payload);
    }
  }

  /** Octet counting: "LENGTH SP PAYLOAD", LENGTH in ASCII digits without leading zero. */
  private void readOctetCounted(InputStream in) throws IOException {
    while (true) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      int length = 0;
      int digits = 0;
      while (b >= '0' && b <= '9' && digits < 7) {
        length = length * 10 + (b - '0');
        digits++;
        b = in.read();
      }
      if (digits == 0 || b != ' ' || length == 0 || length > MAX_FRAME) {
        error("bad octet-count header (digits=" + digits + ", length=" + length + ", next byte " + b + ")");
        return;
      }
      received(in.readNBytes(length));
    }
  }

  /**
   * RELP, server side, minimal: answers "open" with the offers librelp requires, acknowledges
   * each "syslog" command with 200 OK, answers "close" and hangs up.
   */
  private void serveRelp(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String txnr = token(in, ' ');
      if (txnr == null) {
        return;
      }
      String command = token(in, ' ');
      // DATALEN is followed by SP DATA, or directly by the LF trailer when it is 0
      StringBuilder len = new StringBuilder();
      int b;
      while ((b = in.read()) >= '0' && b <= '9') {
        len.append((char) b);
      }
      int length = len.length() == 0 ? -1 : Integer.parseInt(len.toString());
      byte[] data = new byte[0];
      if (length > 0 && b == ' ') {
        data = in.readNBytes(length);
        b = in.read();
      }
      if (command == null || length < 0 || length > MAX_FRAME || b != '\n') {
        error("bad RELP frame: txnr=" + txnr + " command=" + command + " length=" + length + " next=" + b);
        return;
      }
      switch (command) {
        case "open" -> reply(out, txnr, "200 OK\nrelp_version=0\nrelp_software=soctinh-test\ncommands=syslog");
        case "syslog" -> {
          received(data);
          reply(out, txnr, "200 OK");
        }
        case "close" -> {
          reply(out, txnr, "");
          return;
        }
        default -> reply(out, txnr, "500 unknown command " + command);
      }
    }
  }

  private static void reply(OutputStream out, String txnr, String data) throws IOException {
    byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
    String head = txnr + " rsp " + bytes.length + (bytes.length > 0 ? " " : "");
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write('\n');
    out.flush();
  }

  private static String token(InputStream in, char end) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != end) {
      if (sb.length() > 32) {
        throw new IOException("RELP header token too long: " + sb);
      }
      sb.append((char) b);
    }
    return b < 0 ? null : sb.toString();
  }

  private void readDatagrams() {
    byte[] buffer = new byte[65536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!closed) {
      try {
        packet.setLength(buffer.length);
        datagrams.receive(packet);
        received(Arrays.copyOfRange(buffer, packet.getOffset(), packet.getOffset() + packet.getLength()));
      } catch (IOException e) {
        if (!closed) {
          error("udp: " + e);
        }
        return;
      }
    }
  }
}
