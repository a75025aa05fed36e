package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** {@code base64}: the values base64-encoded (their UTF-8, or the bytes of a UTF-16 modifier before it), matched literally. */
final class Base64Modifier implements Modifier.Transform {
  @Override
  public void apply(ModifiedLine.Encoded v, String field) {
    List<String> out = new ArrayList<>();
    for (byte[] b : bytesOf(v)) out.add(Base64.getEncoder().encodeToString(b));
    v.encodedAs(out);
  }

  /** The value's bytes: a UTF-16 modifier's, else the texts' UTF-8. */
  static List<byte[]> bytesOf(ModifiedLine.Encoded v) {
    if (v.bytes != null) return v.bytes;
    List<byte[]> out = new ArrayList<>();
    for (String s : v.texts) out.add(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return out;
  }
}
