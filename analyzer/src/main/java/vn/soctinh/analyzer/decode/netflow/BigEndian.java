package vn.soctinh.analyzer.decode.netflow;

/** Network byte order reads from a byte array; callers check the bounds first. */
final class BigEndian {
  private BigEndian() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  /** An unsigned number of 1 to 8 bytes (reduced-size encoding, RFC 7011 section 6.2); 8 bytes may wrap negative. */
  static long unsigned(byte[] b, int i, int len) {
    long v = 0;
    for (int k = 0; k < len; k++) v = v << 8 | (b[i + k] & 0xFF);
    return v;
  }

  /** A two's-complement number of 1 to 8 bytes, sign-extended. */
  static long signed(byte[] b, int i, int len) {
    long v = unsigned(b, i, len);
    int shift = 64 - 8 * len;
    return v << shift >> shift;
  }
}
