package vn.soctinh.console.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), as authenticator apps make them. */
public final class Totp {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  public static String newSecret() {
    byte[] b = new byte[20];
    new SecureRandom().nextBytes(b);
    return base32(b);
  }

  /** The code for {@code at}. */
  public static String code(String secret, Instant at) {
    return code(base32Decode(secret), at.getEpochSecond() / 30);
  }

  /** True when {@code code} is the code of the current step or of one step either side (clock drift). */
  public static boolean verify(String secret, String code, Instant now) {
    return step(secret, code, now) >= 0;
  }

  /**
   * The time step (30 s) whose code {@code code} is, within one step of now either way; -1 when
   * none. A caller that remembers the last step it accepted refuses a code seen before.
   */
  public static long step(String secret, String code, Instant now) {
    if (code == null || !code.matches("\\d{6}")) return -1;
    byte[] key = base32Decode(secret);
    long step = now.getEpochSecond() / 30;
    long found = -1;
    for (long s = step - 1; s <= step + 1; s++) {
      // every step compared, so the time does not tell which matched
      if (MessageDigest.isEqual(code(key, s).getBytes(), code.getBytes()) && found < 0) found = s;
    }
    return found;
  }

  /** The otpauth:// URI an authenticator app reads (as a QR code or pasted). */
  public static String uri(String issuer, String user, String secret) {
    return "otpauth://totp/" + enc(issuer) + ":" + enc(user) + "?secret=" + secret + "&issuer=" + enc(issuer) + "&algorithm=SHA1&digits=6&period=30";
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String code(byte[] key, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int o = h[h.length - 1] & 0x0f;
      int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
      return String.format(Locale.ROOT, "%06d", bin % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    return sb.toString();
  }

  static byte[] base32Decode(String s) {
    String t = s.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(t.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : t.toCharArray()) {
      int v = ALPHABET.indexOf(c);
      if (v < 0) throw new IllegalArgumentException("not Base32: " + c);
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }
}
