package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule's condition: {@code and}, {@code or}, {@code not}, parentheses, search identifiers, and
 * {@code 1 of x*}, {@code all of x*}, {@code 1 of them}, {@code all of them} (also {@code N of}). Precedence
 * is not > and > or. {@code them} means every identifier not starting with {@code _}.
 */
sealed interface Condition {
  boolean eval(EventView e);

  /** Adds the field lines of the selections this condition uses to {@code out}. */
  void collect(List<FieldMatcher> out);

  record Ref(Selection s) implements Condition {
    @Override
    public boolean eval(EventView e) {
      return s.matches(e);
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      s.collect(out);
    }
  }

  record Not(Condition c) implements Condition {
    @Override
    public boolean eval(EventView e) {
      return !c.eval(e);
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      c.collect(out);
    }
  }

  record And(List<Condition> cs) implements Condition {
    @Override
    public boolean eval(EventView e) {
      for (Condition c : cs) if (!c.eval(e)) return false;
      return true;
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      for (Condition c : cs) c.collect(out);
    }
  }

  record Or(List<Condition> cs) implements Condition {
    @Override
    public boolean eval(EventView e) {
      for (Condition c : cs) if (c.eval(e)) return true;
      return false;
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      for (Condition c : cs) c.collect(out);
    }
  }

  /** At least {@code n} of the selections ({@code n = size} for "all of"). */
  record AtLeast(int n, List<Selection> ss) implements Condition {
    @Override
    public boolean eval(EventView e) {
      int hits = 0;
      for (Selection s : ss) {
        if (s.matches(e) && ++hits >= n) return true;
      }
      return false;
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      for (Selection s : ss) s.collect(out);
    }
  }

  /** Parses a condition over the named selections; errors give the character position (0-based) in the text. */
  static Condition parse(String text, Map<String, Selection> selections) throws ConditionException {
    Parser p = new Parser(text, selections);
    Condition c = p.or();
    if (p.pos < p.tokens.size()) throw p.error("unexpected \"" + p.tokens.get(p.pos).text + "\"");
    return c;
  }

  final class ConditionException extends Exception {
    final int offset;

    ConditionException(String message, int offset) {
      super(message);
      this.offset = offset;
    }
  }

  final class Parser {
    private record Token(String text, int at) {}

    private final List<Token> tokens = new ArrayList<>();
    private final Map<String, Selection> selections;
    private final String text;
    private int pos;

    Parser(String text, Map<String, Selection> selections) throws ConditionException {
      this.text = text;
      this.selections = selections;
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '(' || c == ')') {
          tokens.add(new Token(String.valueOf(c), i++));
        } else if (c == '|') {
          throw new ConditionException("aggregation expressions (\"| count() ...\") are Sigma 1 syntax; write a correlation rule", i);
        } else {
          int start = i;
          while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '(' && text.charAt(i) != ')') i++;
          tokens.add(new Token(text.substring(start, i), start));
        }
      }
      if (tokens.isEmpty()) throw new ConditionException("the condition is empty", 0);
    }

    private ConditionException error(String message) {
      int at = pos < tokens.size() ? tokens.get(pos).at : text.length();
      return new ConditionException(message, at);
    }

    private boolean accept(String keyword) {
      if (pos < tokens.size() && tokens.get(pos).text.toLowerCase(Locale.ROOT).equals(keyword)) {
        pos++;
        return true;
      }
      return false;
    }

    Condition or() throws ConditionException {
      List<Condition> cs = new ArrayList<>(List.of(and()));
      while (accept("or")) cs.add(and());
      return cs.size() == 1 ? cs.get(0) : new Or(cs);
    }

    private Condition and() throws ConditionException {
      List<Condition> cs = new ArrayList<>(List.of(not()));
      while (accept("and")) cs.add(not());
      return cs.size() == 1 ? cs.get(0) : new And(cs);
    }

    private Condition not() throws ConditionException {
      if (accept("not")) return new Not(not());
      return primary();
    }

    private Condition primary() throws ConditionException {
      if (pos >= tokens.size()) throw error("the condition ends too early");
      Token t = tokens.get(pos);
      String lower = t.text.toLowerCase(Locale.ROOT);
      if (t.text.equals("(")) {
        pos++;
        Condition c = or();
        if (!accept(")")) throw error("expected \")\"");
        return c;
      }
      if (t.text.equals(")") || lower.equals("and") || lower.equals("or")) throw error("unexpected \"" + t.text + "\"");
      if (pos + 1 < tokens.size() && tokens.get(pos + 1).text.equalsIgnoreCase("of")) {
        pos += 2;
        if (pos >= tokens.size()) throw error("\"" + t.text + " of\" needs a search identifier pattern or \"them\"");
        Token target = tokens.get(pos++);
        List<Selection> ss = new ArrayList<>();
        if (target.text.equalsIgnoreCase("them")) {
          selections.forEach((name, s) -> {
            if (!name.startsWith("_")) ss.add(s);
          });
        } else {
          Pattern p = Pattern.compile(Pattern.quote(target.text).replace("*", "\\E.*\\Q"));
          selections.forEach((name, s) -> {
            if (p.matcher(name).matches()) ss.add(s);
          });
        }
        if (ss.isEmpty()) throw new ConditionException("no search identifier matches \"" + target.text + "\"", target.at);
        int n;
        if (lower.equals("all")) n = ss.size();
        else if (lower.equals("any")) n = 1;
        else {
          try {
            n = Integer.parseInt(t.text);
          } catch (NumberFormatException e) {
            throw new ConditionException("expected 1, N or all before \"of\", not \"" + t.text + "\"", t.at);
          }
          if (n < 1) throw new ConditionException("\"" + t.text + " of\" must be at least 1", t.at);
        }
        return new AtLeast(n, ss);
      }
      Selection s = selections.get(t.text);
      if (s == null) throw error("unknown search identifier \"" + t.text + "\"" + (selections.isEmpty() ? "" : " (the detection has " + String.join(", ", selections.keySet()) + ")"));
      pos++;
      return new Ref(s);
    }
  }
}
