package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code base64offset}: the three base64 encodings of each value as it may stand at byte offset 0,
 * 1 or 2 of a longer encoded text, without the characters that depend on its neighbours: fragments,
 * found inside a value.
 */
final class Base64OffsetModifier implements Modifier.Transform {
  @Override
  public void apply(ModifiedLine.Encoded v, String field) {
    List<String> out = new ArrayList<>();
    for (byte[] b : Base64Modifier.bytesOf(v)) out.addAll(offsets(b));
    v.encodedAs(out);
    v.fragment = true;
  }

  static List<String> offsets(byte[] b) {
    List<String> out = new ArrayList<>(3);
    int[] start = {0, 2, 3};
    int[] endCut = {0, 3, 2};
    for (int i = 0; i < 3; i++) {
      byte[] padded = new byte[b.length + i];
      for (int k = 0; k < i; k++) padded[k] = ' ';
      System.arraycopy(b, 0, padded, i, b.length);
      String enc = Base64.getEncoder().encodeToString(padded);
      int cut = endCut[(b.length + i) % 3];
      int end = enc.length() - cut;
      // strip '=' padding that the cut did not remove
      while (end > start[i] && enc.charAt(end - 1) == '=') end--;
      out.add(end > start[i] ? enc.substring(start[i], end) : "");
    }
    return out;
  }
}
