package vn.soctinh.collector.relp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Encodes the server's RELP responses. Pure byte writing; no allocation beyond the target buffer. */
final class RelpReplies {
  static final byte[] OK = " rsp 6 200 OK\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SERVERCLOSE = "0 serverclose 0\n".getBytes(StandardCharsets.US_ASCII);
  /** RELP limits the text after the code to 80 characters. */
  static final int MAX_TEXT = 80;

  private RelpReplies() {}

  /** {@code TXNR rsp 6 200 OK LF}: at most 23 bytes. */
  static void writeOk(ByteBuf out, int txnr) {
    writeDecimal(out, txnr);
    out.writeBytes(OK);
  }

  /** {@code TXNR rsp LEN DATA LF} with ASCII data; non-printable characters become '?'. */
  static void writeRsp(ByteBuf out, int txnr, String data) {
    writeDecimal(out, txnr);
    out.writeBytes(" rsp ".getBytes(StandardCharsets.US_ASCII));
    writeDecimal(out, data.length());
    if (!data.isEmpty()) {
      out.writeByte(' ');
      for (int i = 0; i < data.length(); i++) {
        char c = data.charAt(i);
        out.writeByte(c == '\n' || (c >= 0x20 && c < 0x7f) ? c : '?');
      }
    }
    out.writeByte('\n');
  }

  /** {@code "500 " + reason}, cut to RELP's limit. */
  static String error(String reason) {
    String s = "500 " + reason;
    return s.length() <= MAX_TEXT + 4 ? s : s.substring(0, MAX_TEXT + 4);
  }

  static void writeDecimal(ByteBuf out, int v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative: " + v);
    }
    int digits = 1;
    for (int x = v; x >= 10; x /= 10) {
      digits++;
    }
    int at = out.writerIndex();
    out.ensureWritable(digits);
    for (int i = digits - 1; i >= 0; i--) {
      out.setByte(at + i, '0' + v % 10);
      v /= 10;
    }
    out.writerIndex(at + digits);
  }
}
