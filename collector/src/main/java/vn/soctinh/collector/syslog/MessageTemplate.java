package vn.soctinh.collector.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A message template for {@link SyslogSender}, compiled once: literal text and the placeholders
 * {@code {seq}} (sequence number, zero-padded to 10 digits), {@code {ts}} (RFC 3339 local time with
 * milliseconds), {@code {host}} and {@code {rand}} (16 random hex digits). Renders into a reused
 * buffer. Not thread-safe.
 */
final class MessageTemplate {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private enum Kind { LITERAL, SEQ, TS, HOST, RAND }

  private record Part(Kind kind, byte[] literal) {}

  private final Part[] parts;
  private final byte[] host;
  private byte[] buf = new byte[256];
  private int length;
  private long tsMillis = Long.MIN_VALUE;
  private byte[] ts;

  MessageTemplate(String template, String host) {
    this.host = host.getBytes(StandardCharsets.UTF_8);
    List<Part> list = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      Kind k = null;
      String rest = template.substring(i);
      if (rest.startsWith("{seq}")) k = Kind.SEQ;
      else if (rest.startsWith("{ts}")) k = Kind.TS;
      else if (rest.startsWith("{host}")) k = Kind.HOST;
      else if (rest.startsWith("{rand}")) k = Kind.RAND;
      if (k == null) {
        lit.append(template.charAt(i++));
        continue;
      }
      if (lit.length() > 0) {
        list.add(new Part(Kind.LITERAL, lit.toString().getBytes(StandardCharsets.UTF_8)));
        lit.setLength(0);
      }
      list.add(new Part(k, null));
      i = template.indexOf('}', i) + 1;
    }
    if (lit.length() > 0) {
      list.add(new Part(Kind.LITERAL, lit.toString().getBytes(StandardCharsets.UTF_8)));
    }
    this.parts = list.toArray(new Part[0]);
  }

  /** A message sent as given: its bytes are the buffer, nothing is substituted. */
  static MessageTemplate literal(byte[] message) {
    MessageTemplate m = new MessageTemplate("", "");
    m.buf = message;
    m.length = message.length;
    return m;
  }

  /** Renders message {@code seq}; the bytes are {@link #buffer()}[0, {@link #length()}). */
  void render(long seq) {
    length = 0;
    for (Part p : parts) {
      switch (p.kind) {
        case LITERAL -> put(p.literal);
        case HOST -> put(host);
        case TS -> put(timestamp());
        case SEQ -> {
          ensure(10);
          long v = seq;
          for (int d = 9; d >= 0; d--) {
            buf[length + d] = (byte) ('0' + (v % 10));
            v /= 10;
          }
          length += 10;
        }
        case RAND -> {
          ensure(16);
          long r = ThreadLocalRandom.current().nextLong();
          for (int d = 15; d >= 0; d--) {
            buf[length + d] = HEX[(int) (r & 0xf)];
            r >>>= 4;
          }
          length += 16;
        }
      }
    }
  }

  byte[] buffer() {
    return buf;
  }

  int length() {
    return length;
  }

  byte[] copy() {
    return Arrays.copyOf(buf, length);
  }

  private byte[] timestamp() {
    long now = System.currentTimeMillis();
    if (now != tsMillis) {
      tsMillis = now;
      ts = RFC3339.format(Instant.ofEpochMilli(now)).getBytes(StandardCharsets.US_ASCII);
    }
    return ts;
  }

  private void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, length, b.length);
    length += b.length;
  }

  private void ensure(int more) {
    if (length + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
    }
  }
}
