package vn.soctinh.analyzer.decode.netflow;

/** The set (IPFIX) / flowset (v9) framing both share: a 2-byte id and a 2-byte length that includes the header. */
final class Sets {
  private Sets() {}

  /** Null when the sets from {@code from} exactly fill the bytes up to {@code end}, else what is wrong and where. */
  static String check(byte[] b, int from, int end, String name) {
    for (int p = from; p < end;) {
      if (end - p < 4) return (end - p) + " bytes at byte " + p + ", too few for a " + name + " header (4 bytes)";
      int id = BigEndian.u16(b, p);
      int len = BigEndian.u16(b, p + 2);
      if (len < 4) return name + " at byte " + p + " (id " + id + ") has length " + len + ", less than its 4-byte header";
      if (len > end - p) return name + " at byte " + p + " (id " + id + ") has length " + len + " but only " + (end - p) + " bytes remain";
      p += len;
    }
    return null;
  }

  static boolean zeros(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) if (b[i] != 0) return false;
    return true;
  }
}
