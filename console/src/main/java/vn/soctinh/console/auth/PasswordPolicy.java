package vn.soctinh.console.auth;

import java.util.Locale;
import java.util.Set;

/** What a new password must be: long enough, not the user's name, not a well-known password. */
public final class PasswordPolicy {
  private static final Set<String> COMMON = Set.of("123456789012", "password1234", "qwertyuiop12", "matkhau12345", "admin1234567",
      "administrator", "changeme1234", "123456789abc", "iloveyou1234", "abc123456789", "passw0rd1234", "vietnam12345", "soctinh12345");
  private final int minLength;

  public PasswordPolicy(int minLength) {
    this.minLength = minLength;
  }

  /** Null when acceptable, else why not (shown to the user). */
  public String problem(String user, char[] password) {
    String p = new String(password);
    if (p.codePointCount(0, p.length()) < minLength) return "the password must have at least " + minLength + " characters";
    if (p.length() > 1024) return "the password must have at most 1024 characters";
    String lower = p.toLowerCase(Locale.ROOT);
    if (user != null && !user.isEmpty() && lower.contains(user.toLowerCase(Locale.ROOT))) return "the password must not contain the user name";
    if (COMMON.contains(lower)) return "this password is too common";
    if (p.chars().distinct().count() < 5) return "the password repeats too few different characters";
    return null;
  }

  public int minLength() {
    return minLength;
  }
}
