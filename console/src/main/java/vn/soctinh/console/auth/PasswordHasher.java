package vn.soctinh.console.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * at the OWASP minimum cost. Verification recomputes with the parameters stored in the string, so
 * raising the cost later keeps old hashes valid.
 */
public final class PasswordHasher {
  public static final int MEMORY_KIB = 19_456;
  public static final int ITERATIONS = 2;
  private static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private PasswordHasher() {}

  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] out = argon2(password, salt, MEMORY_KIB, ITERATIONS, 1, LENGTH);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=1$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  /** True when {@code password} gives {@code phc}; false for a wrong password or an unreadable hash. */
  public static boolean verify(char[] password, String phc) {
    if (phc == null) return false;
    String[] parts = phc.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      String[] x = kv.split("=", 2);
      if (x.length != 2) return false;
      try {
        int v = Integer.parseInt(x[1]);
        switch (x[0]) {
          case "m" -> m = v;
          case "t" -> t = v;
          case "p" -> p = v;
          default -> {
            return false;
          }
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (m < 8 || m > 4 * 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 64) return false;
    try {
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      if (expected.length < 16 || expected.length > 128) return false;
      return MessageDigest.isEqual(argon2(password, salt, m, t, p, expected.length), expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static byte[] argon2(char[] password, byte[] salt, int memKiB, int iterations, int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memKiB).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password, out);
    return out;
  }
}
