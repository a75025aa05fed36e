package vn.soctinh.analyzer.decode;

/** The {@code <PRI>} that opens a syslog message: 0..191, no leading zeros (RFC 5424 6.2.1). */
final class Pri {
  static final int MISSING = -1;
  static final int BAD_OPEN = -2;
  static final int BAD_DIGITS = -3;
  static final int TOO_LARGE = -4;
  static final int LEADING_ZERO = -5;
  static final int BAD_CLOSE = -6;

  private Pri() {}

  /**
   * Reads a PRI at pos[0] and advances past it. Returns 0..191, or a negative code: when
   * {@code required} is false a message without any '<' gives {@link #MISSING} and pos is kept.
   */
  static int read(byte[] b, int[] pos, int end, boolean required) {
    int i = pos[0];
    if (i >= end || b[i] != '<') return required ? BAD_OPEN : MISSING;
    int v = 0;
    int j = i + 1;
    while (j < end && j - i <= 4 && b[j] >= '0' && b[j] <= '9') v = v * 10 + (b[j++] - '0');
    int digits = j - i - 1;
    if (digits == 0) {
      pos[0] = i + 1;
      return BAD_DIGITS;
    }
    if (j >= end || b[j] != '>') {
      pos[0] = j;
      return digits > 3 ? TOO_LARGE : BAD_CLOSE;
    }
    if (digits > 1 && b[i + 1] == '0') {
      pos[0] = i + 1;
      return LEADING_ZERO;
    }
    if (digits > 3 || v > 191) {
      pos[0] = i + 1;
      return TOO_LARGE;
    }
    pos[0] = j + 1;
    return v;
  }

  static String lastError(int code) {
    switch (code) {
      case BAD_OPEN: return "expected PRI ('<' then 0-191 then '>')";
      case BAD_DIGITS: return "expected the PRI value (digits) after '<'";
      case TOO_LARGE: return "PRI value is larger than 191";
      case LEADING_ZERO: return "PRI value has a leading zero";
      case BAD_CLOSE: return "expected '>' after the PRI value";
      default: return "no PRI";
    }
  }

  static final String[] FACILITY = {
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
    "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
    "local6", "local7"
  };
  static final String[] SEVERITY = {
    "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"
  };
}
