package vn.soctinh.analyzer.parse;

/** What a content parser made of a message. Expected bad input is a value, not an exception. */
public sealed interface ParseOutcome {
  /** The parser understood the message and set at least {@code event.action}. */
  Recognised RECOGNISED = new Recognised();

  static ParseOutcome unrecognised(String reason) {
    return new Unrecognised(reason);
  }

  record Recognised() implements ParseOutcome {}

  /** Not a message this parser knows; {@code reason} says what it expected (shown in stats). */
  record Unrecognised(String reason) implements ParseOutcome {}
}
