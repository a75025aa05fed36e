package vn.soctinh.analyzer.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Comments render as Markdown, and what attackers put in log lines stays text. */
class SafeMarkdownTest {
  @Test
  void markdownStillWorks() {
    assertEquals("<p><strong>Đã chặn</strong> IP <code>203.0.113.9</code></p>\n", SafeMarkdown.toHtml("**Đã chặn** IP `203.0.113.9`"));
    assertTrue(SafeMarkdown.toHtml("[báo cáo](https://vncert.gov.vn/x)").contains("href=\"https://vncert.gov.vn/x\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "log line: <svg/onload=alert(1)>",
      "[click](javascript:alert(1))",
      "![x](data:text/html;base64,PHNjcmlwdD4=)",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<iframe src=//evil.example></iframe>"})
  void attackersTextNeverBecomesMarkup(String comment) {
    String html = SafeMarkdown.toHtml(comment);
    assertFalse(html.contains("<script") || html.contains("<img src=\"x\"") || html.contains("<svg") || html.contains("<iframe")
        || html.contains("<a href=\"javascript") || html.contains("href=\"javascript") || html.contains("src=\"data:"), html);
    assertFalse(html.matches("(?s).*<[a-z]+[^>]* on[a-z]+=.*"), html);
  }
}
