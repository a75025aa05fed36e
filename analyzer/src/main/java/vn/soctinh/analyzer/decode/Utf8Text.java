package vn.soctinh.analyzer.decode;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** Turning received bytes into text: strict UTF-8 check, ASCII fast path, NFC for the rest. */
public final class Utf8Text {
  private Utf8Text() {}

  /** True when {@code b[off, off+len)} is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
  public static boolean isValid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + n >= end) return false;
      int cp = c & (0x3f >> n);
      for (int k = 1; k <= n; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) return false;
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
      i += n + 1;
    }
    return true;
  }

  public static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) if (b[i] < 0) return false;
    return true;
  }

  /** ASCII bytes as a String (no decoding work); the caller checked they are ASCII. */
  public static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  /**
   * UTF-8 text, NFC-normalised (a decomposed "Hà Nội" and a precomposed one must be the same
   * string for search and rules). Invalid sequences become U+FFFD; callers that must keep the
   * exact bytes check {@link #isValid} first.
   */
  public static String decode(byte[] b, int off, int len) {
    if (isAscii(b, off, len)) return ascii(b, off, len);
    return nfc(new String(b, off, len, StandardCharsets.UTF_8));
  }

  public static String nfc(String s) {
    return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
