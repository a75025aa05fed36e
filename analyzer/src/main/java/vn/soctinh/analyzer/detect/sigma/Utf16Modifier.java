package vn.soctinh.analyzer.detect.sigma;

import java.nio.charset.Charset;
import java.util.ArrayList;

/** {@code wide}/{@code utf16le}, {@code utf16be}, {@code utf16} (with a byte-order mark): the values as UTF-16 bytes, for a base64 after it. */
final class Utf16Modifier implements Modifier.Transform {
  private final Charset charset;

  Utf16Modifier(Charset charset) {
    this.charset = charset;
  }

  @Override
  public void apply(ModifiedLine.Encoded v, String field) {
    v.bytes = new ArrayList<>();
    for (String s : v.texts) v.bytes.add(s.getBytes(charset));
  }
}
