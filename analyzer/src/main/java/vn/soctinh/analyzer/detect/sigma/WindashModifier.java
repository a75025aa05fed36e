package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code windash}: a {@code -} or {@code /} that starts an option also as each dash Windows accepts
 * ({@code -}, {@code /}, en dash, em dash, horizontal bar), one kind per variant.
 */
final class WindashModifier implements Modifier.Transform {
  private static final String[] DASHES = {"-", "/", "\u2013", "\u2014", "\u2015"};

  @Override
  public void apply(ModifiedLine.Encoded v, String field) {
    if (v.bytes != null) throw new IllegalArgumentException(field + ": windash must come before encodings");
    List<String> next = new ArrayList<>();
    for (String s : v.texts) next.addAll(variants(s));
    v.texts = next;
  }

  static List<String> variants(String s) {
    List<String> out = new ArrayList<>();
    for (String d : DASHES) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean optionStart = (c == '-' || c == '/') && (i == 0 || Character.isWhitespace(s.charAt(i - 1)));
        b.append(optionStart ? d : String.valueOf(c));
      }
      String x = b.toString();
      if (!out.contains(x)) out.add(x);
    }
    return out;
  }
}
