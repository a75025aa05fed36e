package vn.soctinh.app.config;

/**
 * The outcome of turning one scalar's text into a value: bad input is a value, not an exception.
 * {@link Invalid#message} is the whole message, normally "expected X but was "text"".
 */
sealed interface Parsed<T> {
  record Ok<T>(T value) implements Parsed<T> {}

  record Invalid<T>(String message) implements Parsed<T> {}

  static <T> Parsed<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Parsed<T> invalid(String message) {
    return new Invalid<>(message);
  }

  /** {@code expected WHAT but was "TEXT"}. */
  static <T> Parsed<T> expected(String what, String text) {
    return new Invalid<>(what + " but was " + quote(text));
  }

  /** The text in double quotes, escaped and shortened so that a message stays one readable line. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (++n > 80) {
        sb.append("...");
        break;
      }
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }
}
