package vn.soctinh.collector.relp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking RELP client: {@code open}, {@code syslog} with a window of unacknowledged messages,
 * {@code close}. For {@code soctinh send --relp} and tests; not a production forwarder (it does
 * not reconnect or retransmit).
 *
 * <p>{@link #send} and {@link #close} must be called from one thread; a reader thread takes the
 * responses.
 */
public final class RelpClient implements AutoCloseable {
  public static final int DEFAULT_WINDOW = 128;
  static final int MAX_TXNR = 999_999_999;
  private static final String SOFTWARE = "soctinh-send," + RelpSessionHandler.SOFTWARE.split(",")[1];

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int window;
  private final long timeoutMillis;
  private final Object lock = new Object();
  private final Set<Integer> unacked = new HashSet<>();
  private final Thread reader;

  private int nextTxnr = 1;
  private int closeTxnr = -1;
  private boolean closeAnswered;
  private boolean broken;
  private boolean closed;
  private String lastError;
  private long sent;
  private long acked;
  private long failed;

  private RelpClient(Socket socket, int window, long timeoutMillis) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.window = window;
    this.timeoutMillis = timeoutMillis;
    this.reader = new Thread(this::readResponses, "relp-client-reader");
    this.reader.setDaemon(true);
  }

  /** Plain TCP, default window, 10 s timeouts. */
  public static RelpClient connect(String host, int port) throws IOException {
    return connect(host, port, null, DEFAULT_WINDOW, 10_000);
  }

  /**
   * Connects and performs the {@code open} handshake.
   *
   * @param tls null for plain TCP
   * @param window most messages sent and not yet answered; {@link #send} blocks beyond it
   * @param timeoutMillis for connecting, the handshake and {@link #close}'s wait for answers
   */
  public static RelpClient connect(String host, int port, SSLSocketFactory tls, int window, int timeoutMillis) throws IOException {
    return connect(host, port, tls, true, window, timeoutMillis);
  }

  /** As above; {@code verifyHostname} false accepts a trusted certificate issued for another name. */
  public static RelpClient connect(String host, int port, SSLSocketFactory tls, boolean verifyHostname, int window, int timeoutMillis)
      throws IOException {
    if (window < 1) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      s.setTcpNoDelay(true);
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(s, host, port, true);
        if (verifyHostname) {
          SSLParameters params = ssl.getSSLParameters();
          params.setEndpointIdentificationAlgorithm("HTTPS");
          ssl.setSSLParameters(params);
        }
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        s = ssl;
      }
      RelpClient c = new RelpClient(s, window, timeoutMillis);
      c.open();
      return c;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void open() throws IOException {
    String offers = "relp_version=0\nrelp_software=" + SOFTWARE + "\ncommands=" + RelpHeaderParser.SYSLOG;
    int txnr = takeTxnr();
    writeFrame(txnr, RelpHeaderParser.OPEN, offers.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    socket.setSoTimeout((int) timeoutMillis);
    Response r = readResponse(in);
    if (r.txnr != txnr || !r.command.equals(RelpHeaderParser.RSP) || !r.data.startsWith("200")) {
      throw new IOException("RELP open refused: " + r.command + " " + r.data);
    }
    socket.setSoTimeout(0);
    reader.start();
  }

  /** Sends one message; blocks while the window is full. Fails once the session is broken. */
  public void send(byte[] message) throws IOException, InterruptedException {
    synchronized (lock) {
      if (unacked.size() >= window && !broken) {
        out.flush(); // the server cannot answer what it has not received
        while (unacked.size() >= window && !broken) {
          lock.wait();
        }
      }
      if (broken) {
        throw new IOException("RELP session broken: " + lastError);
      }
    }
    int txnr = takeTxnr();
    synchronized (lock) {
      unacked.add(txnr);
    }
    writeFrame(txnr, RelpHeaderParser.SYSLOG, message);
    sent++;
  }

  /** Pushes buffered messages to the socket. */
  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Waits for every message to be answered, then closes the session ({@code close} and its
   * response) and the socket. Messages still unanswered after the timeout count as failed.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.flush();
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      synchronized (lock) {
        awaitUntil(() -> unacked.isEmpty() || broken, deadline);
        if (!broken) {
          closeTxnr = takeTxnr();
        }
      }
      if (closeTxnr > 0) {
        writeFrame(closeTxnr, RelpHeaderParser.CLOSE, new byte[0]);
        out.flush();
        synchronized (lock) {
          awaitUntil(() -> closeAnswered || broken, deadline);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      fail("close: " + e);
    } finally {
      socket.close();
      try {
        reader.join(timeoutMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (lock) {
        failed += unacked.size();
        unacked.clear();
      }
    }
  }

  private interface Condition {
    boolean met();
  }

  private void awaitUntil(Condition c, long deadlineNanos) throws InterruptedException {
    long left;
    while (!c.met() && (left = deadlineNanos - System.nanoTime()) > 0) {
      lock.wait(Math.max(1, left / 1_000_000L));
    }
  }

  private int takeTxnr() {
    int t = nextTxnr;
    nextTxnr = t == MAX_TXNR ? 1 : t + 1;
    return t;
  }

  private void writeFrame(int txnr, String command, byte[] data) throws IOException {
    writeDecimal(txnr);
    out.write(' ');
    for (int i = 0; i < command.length(); i++) {
      out.write(command.charAt(i));
    }
    out.write(' ');
    writeDecimal(data.length);
    if (data.length > 0) {
      out.write(' ');
      out.write(data);
    }
    out.write('\n');
  }

  private final byte[] digits = new byte[10];

  private void writeDecimal(int v) throws IOException {
    int i = digits.length;
    do {
      digits[--i] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    out.write(digits, i, digits.length - i);
  }

  private void readResponses() {
    try {
      for (;;) {
        Response r = readResponse(in);
        if (r.command.equals(RelpHeaderParser.SERVERCLOSE)) {
          fail("server closed the session");
          return;
        }
        if (!r.command.equals(RelpHeaderParser.RSP)) {
          fail("unexpected command from server: " + r.command);
          return;
        }
        synchronized (lock) {
          if (r.txnr == closeTxnr) {
            closeAnswered = true;
          } else if (unacked.remove(r.txnr)) {
            if (r.data.startsWith("200")) {
              acked++;
            } else {
              failed++;
              lastError = r.data;
            }
          }
          lock.notifyAll();
        }
        if (closeAnswered) {
          return;
        }
      }
    } catch (IOException e) {
      fail(e.toString());
    }
  }

  private void fail(String reason) {
    synchronized (lock) {
      if (!broken) {
        broken = true;
        lastError = reason;
      }
      lock.notifyAll();
    }
  }

  /** A frame from the server; data decoded as ASCII (responses are text). */
  record Response(int txnr, String command, String data) {}

  static Response readResponse(InputStream in) throws IOException {
    int txnr = readNumber(in, ' ');
    StringBuilder cmd = new StringBuilder();
    for (int c; (c = readByte(in)) != ' '; ) {
      if (cmd.length() == RelpHeaderParser.MAX_COMMAND_CHARS || !Character.isLetter(c)) {
        throw new IOException("bad RELP command from server");
      }
      cmd.append((char) c);
    }
    int[] end = new int[1];
    int len = readNumber(in, end);
    byte[] data = new byte[len];
    if (end[0] == ' ') {
      int off = 0;
      while (off < len) {
        int n = in.read(data, off, len - off);
        if (n < 0) {
          throw new EOFException("RELP server closed the connection mid-frame");
        }
        off += n;
      }
      if (readByte(in) != '\n') {
        throw new IOException("RELP frame from server without trailer");
      }
    } else if (len != 0) {
      throw new IOException("bad RELP data length from server");
    }
    return new Response(txnr, cmd.toString(), new String(data, StandardCharsets.ISO_8859_1));
  }

  private static int readNumber(InputStream in, char terminator) throws IOException {
    int[] end = new int[1];
    int v = readNumber(in, end);
    if (end[0] != terminator) {
      throw new IOException("bad RELP number from server");
    }
    return v;
  }

  /** Up to 9 digits; the byte after them goes to {@code end[0]}. */
  private static int readNumber(InputStream in, int[] end) throws IOException {
    int v = 0;
    int n = 0;
    for (;;) {
      int c = readByte(in);
      if (c >= '0' && c <= '9' && n < RelpHeaderParser.MAX_NUMBER_DIGITS) {
        v = v * 10 + (c - '0');
        n++;
      } else if (n > 0) {
        end[0] = c;
        return v;
      } else {
        throw new IOException("bad RELP number from server");
      }
    }
  }

  private static int readByte(InputStream in) throws IOException {
    int c = in.read();
    if (c < 0) {
      throw new EOFException("RELP server closed the connection");
    }
    return c;
  }

  public long sent() {
    return sent;
  }

  public long acked() {
    synchronized (lock) {
      return acked;
    }
  }

  /** Messages answered with an error, or never answered. */
  public long failed() {
    synchronized (lock) {
      return failed;
    }
  }

  /** Messages sent and not yet answered. */
  public int unacked() {
    synchronized (lock) {
      return unacked.size();
    }
  }

  /** The last error response or connection failure, or null. */
  public String lastError() {
    synchronized (lock) {
      return lastError;
    }
  }
}
