package vn.soctinh.analyzer.decode;

/** Calendar arithmetic without allocation, for the decoders' hot path. */
final class CivilTime {
  private CivilTime() {}

  static boolean isLeap(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  static int daysInMonth(long year, int month) {
    switch (month) {
      case 2: return isLeap(year) ? 29 : 28;
      case 4: case 6: case 9: case 11: return 30;
      default: return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long epochDay(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  static long epochSecond(long y, int mo, int d, int h, int mi, int s) {
    return epochDay(y, mo, d) * 86400 + h * 3600L + mi * 60L + s;
  }

  /** 1..12 for "Jan".."Dec" (exact case, or all lower/upper case) at {@code b[i]}, else 0. */
  static int month(byte[] b, int i) {
    int c0 = b[i] | 0x20, c1 = b[i + 1] | 0x20, c2 = b[i + 2] | 0x20;
    switch (c0) {
      case 'j': return c1 == 'a' && c2 == 'n' ? 1 : c1 == 'u' ? (c2 == 'n' ? 6 : c2 == 'l' ? 7 : 0) : 0;
      case 'f': return c1 == 'e' && c2 == 'b' ? 2 : 0;
      case 'm': return c1 == 'a' ? (c2 == 'r' ? 3 : c2 == 'y' ? 5 : 0) : 0;
      case 'a': return c1 == 'p' && c2 == 'r' ? 4 : c1 == 'u' && c2 == 'g' ? 8 : 0;
      case 's': return c1 == 'e' && c2 == 'p' ? 9 : 0;
      case 'o': return c1 == 'c' && c2 == 't' ? 10 : 0;
      case 'n': return c1 == 'o' && c2 == 'v' ? 11 : 0;
      case 'd': return c1 == 'e' && c2 == 'c' ? 12 : 0;
      default: return 0;
    }
  }
}
