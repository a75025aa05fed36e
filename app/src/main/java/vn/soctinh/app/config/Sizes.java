package vn.soctinh.app.config;

/**
 * Byte sizes in the configuration: a whole number of bytes ({@code 65536}) or a number with a unit,
 * {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}, or the rsyslog shorthand {@code k},
 * {@code m}, {@code g}, {@code t}. All units are 1024-based. Uppercase {@code K}/{@code M}/{@code G}
 * and {@code KB}/{@code MB} are refused: rsyslog reads uppercase as 1000-based, so they are
 * ambiguous.
 */
final class Sizes {
  static final long KIB = 1024;
  static final long MIB = KIB * 1024;
  static final long GIB = MIB * 1024;
  static final long TIB = GIB * 1024;
  static final String EXPECTED = "expected a positive size like 65536 or 64KiB";

  private Sizes() {}

  static Parsed<Long> parse(String text) {
    int i = 0;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
    if (i == 0 || i > 19) return Parsed.expected(EXPECTED, text);
    long number;
    try {
      number = Long.parseLong(text.substring(0, i));
    } catch (NumberFormatException e) {
      return Parsed.expected(EXPECTED, text);
    }
    String unit = text.substring(i < text.length() && text.charAt(i) == ' ' ? i + 1 : i);
    long factor = switch (unit) {
      case "", "B" -> 1;
      case "KiB", "k" -> KIB;
      case "MiB", "m" -> MIB;
      case "GiB", "g" -> GIB;
      case "TiB", "t" -> TIB;
      default -> -1;
    };
    if (factor < 0) {
      String fix = switch (unit) {
        case "K", "KB", "kB", "kb", "Ki", "KIB", "kib" -> "KiB";
        case "M", "MB", "mb", "Mi", "MIB", "mib" -> "MiB";
        case "G", "GB", "gb", "Gi", "GIB", "gib" -> "GiB";
        case "T", "TB", "tb", "Ti", "TIB", "tib" -> "TiB";
        default -> null;
      };
      String hint = fix == null ? " (units: B, KiB, MiB, GiB, TiB or k, m, g, t)" : " (write " + number + fix + "; sizes are 1024-based)";
      return Parsed.invalid(EXPECTED + " but was " + Parsed.quote(text) + hint);
    }
    try {
      return Parsed.ok(Math.multiplyExact(number, factor));
    } catch (ArithmeticException e) {
      return Parsed.invalid("size " + Parsed.quote(text) + " is too large");
    }
  }

  /** The shortest exact form: {@code 64KiB}, {@code 10GiB}, {@code 65535}. */
  static String format(long bytes) {
    if (bytes != 0) {
      if (bytes % TIB == 0) return bytes / TIB + "TiB";
      if (bytes % GIB == 0) return bytes / GIB + "GiB";
      if (bytes % MIB == 0) return bytes / MIB + "MiB";
      if (bytes % KIB == 0) return bytes / KIB + "KiB";
    }
    return Long.toString(bytes);
  }
}
