package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

/**
 * One row per registered modifier: a line that uses it, an event it matches and one it does not.
 * A modifier added to {@link Modifiers} without its row fails {@link #everyRegisteredModifierHasARow}.
 */
class ModifiersTest {
  record Row(String modifier, String line, Object value, Event yes, Event no) {}

  private static Event ev(Object... kv) {
    Event e = new Event();
    for (int i = 0; i < kv.length; i += 2) e.put((String) kv[i], kv[i + 1]);
    return e;
  }

  private static String b64(String s, java.nio.charset.Charset cs) {
    return Base64.getEncoder().encodeToString(s.getBytes(cs));
  }

  static final List<Row> ROWS = List.of(
      new Row("contains", "f|contains", "ell", ev("f", "Hello"), ev("f", "Help")),
      new Row("startswith", "f|startswith", "he", ev("f", "Hello"), ev("f", "oh hello")),
      new Row("endswith", "f|endswith", "LO", ev("f", "Hello"), ev("f", "Hello!")),
      new Row("all", "f|contains|all", List.of("a", "b"), ev("f", "ab"), ev("f", "a")),
      new Row("cased", "f|cased", "Hello", ev("f", "Hello"), ev("f", "hello")),
      new Row("exists", "f|exists", true, ev("f", "x"), ev("g", "x")),
      new Row("expand", "f|expand", "%admins%", ev("f", "root"), ev("f", "guest")),
      new Row("re", "f|re", "^a+b$", ev("f", "aaab"), ev("f", "Aab")),
      new Row("i", "f|re|i", "^a+b$", ev("f", "AAB"), ev("f", "ac")),
      new Row("m", "f|re|m", "^b$", ev("f", "a\nb"), ev("f", "a b")),
      new Row("s", "f|re|s", "a.b", ev("f", "a\nb"), ev("f", "ab")),
      new Row("cidr", "f|cidr", "10.0.0.0/8", ev("f", "10.1.2.3"), ev("f", "11.1.2.3")),
      new Row("gt", "f|gt", 5, ev("f", 6L), ev("f", 5L)),
      new Row("gte", "f|gte", 5, ev("f", 5L), ev("f", 4L)),
      new Row("lt", "f|lt", 5, ev("f", "4"), ev("f", 5L)),
      new Row("lte", "f|lte", 5, ev("f", 5.0), ev("f", 5.5)),
      new Row("fieldref", "f|fieldref", "g", ev("f", "x", "g", "X"), ev("f", "x", "g", "y")),
      new Row("windash", "f|windash|contains", "-enc", ev("f", "powershell /enc AAA"), ev("f", "powershell enc")),
      new Row("wide", "f|wide|base64", "ab", ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16LE)), ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_8))),
      new Row("utf16le", "f|utf16le|base64", "ab", ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16LE)), ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16BE))),
      new Row("utf16be", "f|utf16be|base64", "ab", ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16BE)), ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16LE))),
      new Row("utf16", "f|utf16|base64", "ab", ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16)), ev("f", b64("ab", java.nio.charset.StandardCharsets.UTF_16LE))),
      new Row("base64", "f|base64", "secret", ev("f", b64("secret", java.nio.charset.StandardCharsets.UTF_8)), ev("f", "secret")),
      new Row("base64offset", "f|base64offset|contains", "secret",
          ev("f", "xx" + b64("..secret..", java.nio.charset.StandardCharsets.UTF_8) + "yy"), ev("f", b64("..public..", java.nio.charset.StandardCharsets.UTF_8))));

  private static FieldMatcher compile(Row r) {
    String[] parts = r.line().split("\\|");
    List<String> mods = new ArrayList<>(List.of(parts).subList(1, parts.length));
    List<Object> values = r.value() instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(java.util.Collections.singletonList(r.value()));
    return FieldMatcher.compile(parts[0], mods, values, Map.of("admins", List.of("root", "administrator")));
  }

  @Test
  void eachModifierMatchesItsYesAndNotItsNo() {
    for (Row r : ROWS) {
      FieldMatcher m = compile(r);
      assertTrue(m.matches(r.yes()), r.modifier() + ": " + r.line() + " on " + r.yes().toMap());
      assertFalse(m.matches(r.no()), r.modifier() + ": " + r.line() + " on " + r.no().toMap());
    }
  }

  @Test
  void everyRegisteredModifierHasARow() {
    assertEquals(new TreeSet<>(Modifiers.BY_NAME.keySet()), new TreeSet<>(ROWS.stream().map(Row::modifier).toList()));
  }

  @Test
  void combinationsThatCannotGoTogetherAreRefusedWithTheReason() {
    Map<String, String> refused = Map.of(
        "f|contains|startswith", "contains, startswith and endswith exclude each other (on f)",
        "f|re|cidr", "re and cidr exclude each other (on f)",
        "f|gt|lt", "gt and lt exclude each other (on f)",
        "f|i", "the modifiers i, m and s only go with re (on f)",
        "f|contians", "unknown modifier \"contians\" on f",
        "f|utf16le|windash", "f: windash must come before encodings");
    refused.forEach((line, reason) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compile(new Row("", line, "1", null, null)), line);
      assertEquals(reason, e.getMessage(), line);
    });
  }
}
