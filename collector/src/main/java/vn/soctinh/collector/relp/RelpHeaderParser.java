package vn.soctinh.collector.relp;

import io.netty.buffer.ByteBuf;

/**
 * Parses the header of a RELP frame, {@code TXNR SP COMMAND SP DATALEN}, with librelp's limits:
 * TXNR up to 9 digits, COMMAND 1-32 ASCII letters, DATALEN up to 9 digits. Pure logic over bytes
 * (no channel, no I/O), so it can be tested and fuzzed on its own.
 *
 * <p>After DATALEN comes a SP and the data, or, when DATALEN is 0, the trailer LF directly.
 * {@code "0 SP LF"} is accepted too (the spec's grammar allows it; librelp never sends it).
 */
public final class RelpHeaderParser {
  public static final String OPEN = "open";
  public static final String SYSLOG = "syslog";
  public static final String CLOSE = "close";
  public static final String RSP = "rsp";
  public static final String SERVERCLOSE = "serverclose";

  static final int MAX_NUMBER_DIGITS = 9;
  static final int MAX_COMMAND_CHARS = 32;
  /** The longest header: 9 digits, SP, 32 letters, SP, 9 digits, SP. */
  public static final int MAX_HEADER_BYTES = MAX_NUMBER_DIGITS + 1 + MAX_COMMAND_CHARS + 1 + MAX_NUMBER_DIGITS + 1;

  /** The outcome of {@link #parse}: a header, more bytes needed, or invalid. */
  public sealed interface Result permits Header, NeedMore, RelpInvalid {}

  /**
   * A complete header.
   *
   * @param dataOffset bytes from the frame's start to its first data byte (to the trailer when
   *     {@code dataLength} is 0)
   */
  public record Header(int txnr, String command, int dataLength, int dataOffset) implements Result {}

  public enum NeedMore implements Result { INSTANCE }

  private RelpHeaderParser() {}

  /** Parses the header starting at {@code from}, looking at bytes before {@code to} only. */
  public static Result parse(ByteBuf buf, int from, int to) {
    int p = from;
    // TXNR
    if (p >= to) return NeedMore.INSTANCE;
    if (!digit(buf.getByte(p))) return new RelpInvalid(-1, "frame must start with a transaction number");
    int txnr = 0;
    int digits = 0;
    for (;;) {
      if (p >= to) return NeedMore.INSTANCE;
      byte c = buf.getByte(p);
      if (digit(c)) {
        if (++digits > MAX_NUMBER_DIGITS) return new RelpInvalid(-1, "transaction number longer than 9 digits");
        txnr = txnr * 10 + (c - '0');
        p++;
      } else if (c == ' ') {
        p++;
        break;
      } else {
        return new RelpInvalid(-1, "transaction number must be followed by a space");
      }
    }
    // COMMAND
    int cmdStart = p;
    for (;;) {
      if (p >= to) return NeedMore.INSTANCE;
      byte c = buf.getByte(p);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        if (p - cmdStart == MAX_COMMAND_CHARS) return new RelpInvalid(txnr, "command longer than 32 letters");
        p++;
      } else if (c == ' ' && p > cmdStart) {
        break;
      } else {
        return new RelpInvalid(txnr, p == cmdStart ? "command expected" : "command must be letters followed by a space");
      }
    }
    String command = command(buf, cmdStart, p - cmdStart);
    p++;
    // DATALEN
    if (p >= to) return NeedMore.INSTANCE;
    if (!digit(buf.getByte(p))) return new RelpInvalid(txnr, "data length expected");
    int len = 0;
    digits = 0;
    for (;;) {
      if (p >= to) return NeedMore.INSTANCE;
      byte c = buf.getByte(p);
      if (digit(c)) {
        if (++digits > MAX_NUMBER_DIGITS) return new RelpInvalid(txnr, "data length longer than 9 digits");
        len = len * 10 + (c - '0');
        p++;
      } else if (c == ' ') {
        return new Header(txnr, command, len, p + 1 - from);
      } else if (c == '\n' && len == 0) {
        return new Header(txnr, command, 0, p - from);
      } else {
        return new RelpInvalid(txnr, "data length must be followed by a space");
      }
    }
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** The known commands as constants, so the hot path allocates no string. */
  private static String command(ByteBuf buf, int at, int len) {
    if (is(buf, at, len, SYSLOG)) return SYSLOG;
    if (is(buf, at, len, RSP)) return RSP;
    if (is(buf, at, len, OPEN)) return OPEN;
    if (is(buf, at, len, CLOSE)) return CLOSE;
    if (is(buf, at, len, SERVERCLOSE)) return SERVERCLOSE;
    return buf.toString(at, len, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static boolean is(ByteBuf buf, int at, int len, String s) {
    if (len != s.length()) return false;
    for (int i = 0; i < len; i++) {
      if (buf.getByte(at + i) != s.charAt(i)) return false;
    }
    return true;
  }
}
