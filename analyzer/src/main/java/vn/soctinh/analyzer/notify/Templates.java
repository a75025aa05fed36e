package vn.soctinh.analyzer.notify;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Subject and body of a notification in Vietnamese or English, from {@code messages_vi/en.properties}. */
public final class Templates {
  private static final Pattern FIELD = Pattern.compile("\\{([a-z_]+)}");
  private final ResourceBundle bundle;

  public Templates(String language) {
    if (!language.equals("vi") && !language.equals("en")) throw new IllegalArgumentException("language is vi or en, not " + language);
    this.bundle = ResourceBundle.getBundle("vn.soctinh.analyzer.notify.messages", Locale.forLanguageTag(language),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public String subject(Notification n) {
    return fill(bundle.getString(n.kind() + ".subject"), n.fields()).replace('\n', ' ');
  }

  public String body(Notification n) {
    return fill(bundle.getString(n.kind() + ".body"), n.fields());
  }

  /** {name} → the field's value; an unknown field stays visible rather than vanishing. */
  static String fill(String template, Map<String, String> fields) {
    Matcher m = FIELD.matcher(template);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String v = fields.get(m.group(1));
      m.appendReplacement(b, Matcher.quoteReplacement(v == null ? "{" + m.group(1) + "}" : v));
    }
    m.appendTail(b);
    return b.toString();
  }
}
