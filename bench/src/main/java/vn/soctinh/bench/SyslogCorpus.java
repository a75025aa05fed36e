package vn.soctinh.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Realistic syslog traffic for the benchmarks, built once per trial from a fixed seed: messages of
 * exactly {@link #MESSAGE_BYTES} bytes (RFC 3164 and RFC 5424), framed as a sender would put them
 * on a TCP stream, and fed to a pipeline in {@link #READ_BYTES} reads as the event loop would.
 */
final class SyslogCorpus {
  /** Messages per benchmark invocation: one invocation = one pass over the whole stream. */
  static final int MESSAGES = 4000;
  static final int MESSAGE_BYTES = 200;
  /** What one socket read delivers when the sender saturates the connection. */
  static final int READ_BYTES = 64 * 1024;

  private static final String[] HOSTS = {"fw-hcm-01", "fw-hcm-02", "web-01.tphcm.gov.vn", "mail-gw", "dc01", "vpn-edge", "core-sw-3"};
  private static final String[] APPS = {"sshd", "nginx", "postfix/smtpd", "kernel", "sudo", "named", "openvpn"};
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  private static final String[] TEXTS = {
    "Accepted publickey for admin from %ip port %port ssh2: RSA SHA256:q0RmLk3bQ4nZ7c2X9vYp1sT8uW5aE6dF",
    "Failed password for invalid user oracle from %ip port %port ssh2",
    "%ip - - \"GET /dich-vu-cong/ho-so?id=%port HTTP/1.1\" 200 5123 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"",
    "connect from unknown[%ip]: NOQUEUE: reject: RCPT from unknown[%ip]: 554 5.7.1 Service unavailable",
    "[UFW BLOCK] IN=eth0 OUT= SRC=%ip DST=10.0.0.5 LEN=60 TTL=52 PROTO=TCP SPT=%port DPT=3389 SYN",
    "client @0x7f3a %ip#%port (example.vn): query: example.vn IN A +E(0)K (10.0.0.53)",
  };

  private SyslogCorpus() {}

  static byte[][] rfc3164(int n) {
    Random rnd = new Random(3164);
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      String head = "<" + (8 * (16 + rnd.nextInt(8)) + rnd.nextInt(8)) + ">" + MONTHS[rnd.nextInt(12)] + " "
          + pad2(1 + rnd.nextInt(28), ' ') + " " + pad2(rnd.nextInt(24), '0') + ":" + pad2(rnd.nextInt(60), '0') + ":"
          + pad2(rnd.nextInt(60), '0') + " " + HOSTS[rnd.nextInt(HOSTS.length)] + " " + APPS[rnd.nextInt(APPS.length)]
          + "[" + (100 + rnd.nextInt(60000)) + "]: ";
      out[i] = exact(head + text(rnd));
    }
    return out;
  }

  static byte[][] rfc5424(int n) {
    Random rnd = new Random(5424);
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      String head = "<" + (8 * (16 + rnd.nextInt(8)) + rnd.nextInt(8)) + ">1 2025-11-" + pad2(1 + rnd.nextInt(28), '0') + "T"
          + pad2(rnd.nextInt(24), '0') + ":" + pad2(rnd.nextInt(60), '0') + ":" + pad2(rnd.nextInt(60), '0') + "."
          + (100000 + rnd.nextInt(900000)) + "+07:00 " + HOSTS[rnd.nextInt(HOSTS.length)] + " " + APPS[rnd.nextInt(APPS.length)]
          + " " + (100 + rnd.nextInt(60000)) + " - [meta sequenceId=\"" + i + "\"] ";
      out[i] = exact(head + text(rnd));
    }
    return out;
  }

  /** Non-transparent framing: each message followed by LF (RFC 6587 §3.4.2). */
  static byte[] lfFramed(byte[][] msgs) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    for (byte[] m : msgs) {
      s.writeBytes(m);
      s.write('\n');
    }
    return s.toByteArray();
  }

  /** Octet counting: {@code LEN SP MSG} (RFC 6587 §3.4.1). */
  static byte[] octetCounted(byte[][] msgs) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    for (byte[] m : msgs) {
      s.writeBytes((m.length + " ").getBytes(StandardCharsets.US_ASCII));
      s.writeBytes(m);
    }
    return s.toByteArray();
  }

  /** RELP {@code TXNR SP syslog SP DATALEN SP DATA LF} frames, as librelp sends them. */
  static byte[] relp(byte[][] msgs) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    int txnr = 2; // 1 was the open
    for (byte[] m : msgs) {
      s.writeBytes((txnr++ + " syslog " + m.length + " ").getBytes(StandardCharsets.US_ASCII));
      s.writeBytes(m);
      s.write('\n');
    }
    return s.toByteArray();
  }

  /**
   * Feeds {@code stream} to the channel as the epoll read loop does: each read is a fresh buffer
   * from the channel's allocator (the socket read copies into it), {@code fireChannelRead} per read,
   * {@code fireChannelReadComplete} after {@code readsPerLoop} reads and at the end.
   */
  static void feed(EmbeddedChannel ch, byte[] stream, int readsPerLoop) {
    ChannelPipeline p = ch.pipeline();
    ByteBufAllocator alloc = ch.alloc();
    int reads = 0;
    for (int off = 0; off < stream.length; off += READ_BYTES) {
      int len = Math.min(READ_BYTES, stream.length - off);
      ByteBuf b = alloc.directBuffer(READ_BYTES);
      b.writeBytes(stream, off, len);
      p.fireChannelRead(b);
      if (++reads == readsPerLoop) {
        p.fireChannelReadComplete();
        reads = 0;
      }
    }
    if (reads != 0) p.fireChannelReadComplete();
    ch.runPendingTasks();
  }

  /** Last handler: counts and releases what reaches it, as the next stage would. */
  static final class Sink extends ChannelInboundHandlerAdapter {
    long messages;
    long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBufHolder h = (ByteBufHolder) msg;
      messages++;
      bytes += h.content().readableBytes();
      h.release();
    }

    void expect(long messages, long bytes) {
      if (this.messages != messages || this.bytes != bytes) {
        throw new IllegalStateException("got " + this.messages + " messages / " + this.bytes + " bytes, expected " + messages + " / " + bytes);
      }
      this.messages = 0;
      this.bytes = 0;
    }
  }

  private static String text(Random rnd) {
    String ip = "113." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    return TEXTS[rnd.nextInt(TEXTS.length)].replace("%ip", ip).replace("%port", Integer.toString(1024 + rnd.nextInt(60000)));
  }

  /** Cut or pad (with key=value filler) to exactly MESSAGE_BYTES bytes of ASCII. */
  private static byte[] exact(String s) {
    StringBuilder b = new StringBuilder(s);
    int k = 0;
    while (b.length() < MESSAGE_BYTES) b.append(" k").append(k++).append("=v");
    b.setLength(MESSAGE_BYTES);
    byte[] out = b.toString().getBytes(StandardCharsets.US_ASCII);
    if (out.length != MESSAGE_BYTES) throw new IllegalStateException("message is " + out.length + " bytes");
    return out;
  }

  private static String pad2(int v, char c) {
    return v < 10 ? c + Integer.toString(v) : Integer.toString(v);
  }
}
