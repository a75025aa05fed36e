package vn.soctinh.analyzer.decode.netflow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One field's bytes → an event value of the element's type (RFC 7011 section 6.1): Long for
 * integers, Double for floats, Boolean, Instant for times, String for addresses, text and octets.
 * Returns null when the bytes cannot be a value of that type (a 3-byte IPv4 address, a date before
 * 1970 or after 9999): the caller then names the field as undecoded rather than store a value of
 * the wrong type, and the record's bytes stay in event.original.
 */
final class FieldValues {
  /** Seconds between the NTP era 0 (1900-01-01) and the Unix epoch. */
  private static final long NTP_TO_UNIX_SECS = 2_208_988_800L;
  /** 9999-12-31T23:59:59Z: stores and JSON dates stop at four-digit years. */
  private static final long MAX_EPOCH_SECS = 253_402_300_799L;

  private FieldValues() {}

  static Object decode(ElementType type, byte[] b, int i, int len) {
    switch (type) {
      case UNSIGNED: {
        if (len < 1 || len > 8) return null;
        long v = BigEndian.unsigned(b, i, len);
        // an unsigned64 above 2^63-1 does not fit a long field (no real counter gets there)
        return v < 0 ? null : v;
      }
      case SIGNED:
        return len < 1 || len > 8 ? null : BigEndian.signed(b, i, len);
      case FLOAT: {
        double d = len == 4 ? Float.intBitsToFloat((int) BigEndian.unsigned(b, i, 4))
            : len == 8 ? Double.longBitsToDouble(BigEndian.unsigned(b, i, 8)) : Double.NaN;
        return Double.isFinite(d) ? d : null;
      }
      case BOOLEAN: {
        // RFC 7011 section 6.1.5: 1 is true, 2 is false
        if (len != 1) return null;
        int v = b[i];
        return v == 1 ? Boolean.TRUE : v == 2 ? Boolean.FALSE : null;
      }
      case MAC:
        return len == 6 ? IpText.mac(b, i) : null;
      case STRING: {
        int end = i + len;
        while (end > i && b[end - 1] == 0) end--; // exporters pad names with NULs (softflowd, Cisco)
        return new String(b, i, end - i, StandardCharsets.UTF_8);
      }
      case DATE_SECONDS:
        return len == 4 ? instant(BigEndian.u32(b, i), 0) : null;
      case DATE_MILLIS: {
        if (len != 8) return null;
        long ms = BigEndian.unsigned(b, i, 8);
        return ms < 0 ? null : instant(Math.floorDiv(ms, 1000), Math.floorMod(ms, 1000) * 1_000_000L);
      }
      case DATE_MICROS:
      case DATE_NANOS: {
        if (len != 8) return null;
        long fraction = BigEndian.u32(b, i + 4);
        // micro: the low 11 bits of the NTP fraction carry no information (RFC 7011 section 6.1.9)
        if (type == ElementType.DATE_MICROS) fraction &= ~0x7FFL;
        return instant(BigEndian.u32(b, i) - NTP_TO_UNIX_SECS, (fraction * 1_000_000_000L) >>> 32);
      }
      case IPV4:
        return len == 4 ? IpText.ipv4(b, i) : null;
      case IPV6:
        return len == 16 ? IpText.ipv6(b, i) : null;
      default:
        return IpText.hex(b, i, len);
    }
  }

  private static Instant instant(long secs, long nanos) {
    return secs < 0 || secs > MAX_EPOCH_SECS ? null : Instant.ofEpochSecond(secs, nanos);
  }
}
