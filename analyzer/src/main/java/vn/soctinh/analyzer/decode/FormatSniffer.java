package vn.soctinh.analyzer.decode;

/**
 * Picks the format of one message by its first bytes: {@code {} → JSON; {@code CEF:} → CEF;
 * {@code LEEF:} → LEEF; {@code <PRI>VERSION SP} → RFC 5424; anything else → RFC 3164 (which also
 * reads plain lines). CEF and LEEF inside a syslog header are found later, by the content parsers'
 * sniffing of the message text.
 */
public final class FormatSniffer {
  private FormatSniffer() {}

  public static MessageFormat sniff(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == 0)) i++;
    if (i >= end) return MessageFormat.RFC3164;
    if (b[i] == '{') return MessageFormat.JSON;
    if (startsWith(b, i, end, "CEF:")) return MessageFormat.CEF;
    if (startsWith(b, i, end, "LEEF:")) return MessageFormat.LEEF;
    if (b[i] == '<') {
      int j = i + 1;
      while (j < end && j - i <= 4 && b[j] >= '0' && b[j] <= '9') j++;
      if (j > i + 1 && j + 2 < end && b[j] == '>' && b[j + 1] >= '1' && b[j + 1] <= '9') {
        int k = j + 2;
        while (k < end && k - j <= 3 && b[k] >= '0' && b[k] <= '9') k++;
        if (k < end && b[k] == ' ') return MessageFormat.RFC5424;
      }
    }
    return MessageFormat.RFC3164;
  }

  private static boolean startsWith(byte[] b, int i, int end, String prefix) {
    if (end - i < prefix.length()) return false;
    for (int k = 0; k < prefix.length(); k++) if (b[i + k] != prefix.charAt(k)) return false;
    return true;
  }
}
