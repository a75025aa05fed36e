package vn.soctinh.app.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shows raw log bytes safely on a terminal: valid UTF-8 text stays readable, everything else is escaped. */
final class PayloadText {
  private PayloadText() {}

  static String utf8OrNull(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Control characters and backslash escaped; non-UTF-8 bytes as \xNN. */
  static String escape(byte[] b) {
    String text = utf8OrNull(b);
    StringBuilder sb = new StringBuilder(b.length + 16);
    if (text != null) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          case '\\' -> sb.append("\\\\");
          default -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) sb.append(String.format("\\x%02X", (int) c));
            else sb.append(c);
          }
        }
      }
    } else {
      for (byte x : b) {
        int c = x & 0xff;
        if (c == '\\') sb.append("\\\\");
        else if (c == '\n') sb.append("\\n");
        else if (c == '\r') sb.append("\\r");
        else if (c == '\t') sb.append("\\t");
        else if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02X", c));
        else sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
