package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits {@code soctinh parse} input into messages: one per line (LF, a trailing CR dropped, empty
 * lines skipped), or RFC 6587 octet-counted frames ({@code LEN SP MSG}, whitespace between frames
 * allowed; a frame that does not start with a length is read up to the next LF instead).
 */
final class MessageReader {
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
  private final InputStream in;
  private final boolean octetCounted;
  private byte[] buf = new byte[8192];

  MessageReader(InputStream in, boolean octetCounted) {
    this.in = in;
    this.octetCounted = octetCounted;
  }

  /** The next message, or null at the end of the input. */
  byte[] next() throws IOException {
    while (true) {
      int c = in.read();
      if (c < 0) return null;
      if (octetCounted && (c == '\n' || c == '\r' || c == ' ' || c == '\t')) continue;
      if (!octetCounted && c == '\n') continue;
      if (octetCounted && c >= '1' && c <= '9') {
        int n = 0;
        long len = c - '0';
        buf[n++] = (byte) c;
        int d;
        while ((d = in.read()) >= '0' && d <= '9' && len <= MAX_MESSAGE_BYTES) {
          len = len * 10 + (d - '0');
          buf = grow(buf, n + 1);
          buf[n++] = (byte) d;
        }
        if (d == ' ' && len <= MAX_MESSAGE_BYTES) {
          byte[] msg = in.readNBytes((int) len);
          return msg;
        }
        // Not a length after all: the digits start a line.
        if (d < 0 || d == '\n') return Arrays.copyOf(buf, n);
        buf = grow(buf, n + 1);
        buf[n++] = (byte) d;
        return line(n);
      }
      buf[0] = (byte) c;
      byte[] m = line(1);
      if (m.length > 0) return m;
    }
  }

  private byte[] line(int n) throws IOException {
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      buf = grow(buf, n + 1);
      buf[n++] = (byte) c;
    }
    if (n > 0 && buf[n - 1] == '\r') n--;
    return Arrays.copyOf(buf, n);
  }

  private static byte[] grow(byte[] b, int need) {
    return need <= b.length ? b : Arrays.copyOf(b, Math.max(need, b.length * 2));
  }
}
