package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts records by transport and agency for {@code soctinh journal stats}. It reads only the
 * transport byte and the agency field of each body instead of decoding whole records; it is meant
 * for a CLI, not a hot path.
 */
final class JournalStatsScan {
  final Map<String, Long> byTransport = new TreeMap<>();
  final Map<String, Long> byAgency = new TreeMap<>();
  long records;
  long nextOffset;

  /** Scans from {@code firstOffset} to the end of what {@code reader} can see. */
  JournalStatsScan scan(SegmentChainReader reader, long firstOffset) throws IOException {
    nextOffset = firstOffset;
    byte[] agency = new byte[255];
    while (reader.advance()) {
      SegmentScanner s = reader.scanner();
      records++;
      nextOffset = s.recordOffset() + 1;
      byte code = s.bodyByte(8);
      String transport;
      try {
        transport = Transport.ofCode(code).label();
      } catch (IllegalArgumentException e) {
        transport = "code-" + code;
      }
      byTransport.merge(transport, 1L, Long::sum);
      // meta block at body[12]: listener(len8), address(len8), port(16), agency(len8), ...
      int p = RecordFormat.BODY_FIXED_BYTES;
      p += 1 + (s.bodyByte(p) & 0xff);
      p += 1 + (s.bodyByte(p) & 0xff) + 2;
      int len = s.bodyByte(p) & 0xff;
      for (int i = 0; i < len; i++) agency[i] = s.bodyByte(p + 1 + i);
      byAgency.merge(new String(agency, 0, len, StandardCharsets.UTF_8), 1L, Long::sum);
    }
    return this;
  }
}
