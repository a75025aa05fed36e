package vn.soctinh.analyzer.incident;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Incident comments as HTML the console can show: CommonMark (commonmark-java), with raw HTML in the
 * text escaped rather than passed through and link and image URLs limited to http, https and mailto
 * ({@code javascript:} and {@code data:} become empty). Comments quote attackers' log lines, so
 * nothing in them may become markup of its own.
 */
public final class SafeMarkdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
      .urlSanitizer(new org.commonmark.renderer.html.UrlSanitizer() {
        @Override
        public String sanitizeLinkUrl(String url) {
          return allowed(url) ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
          return allowed(url) ? url : "";
        }
      }).build();

  /** http, https, mailto, or no scheme at all (a relative link); anything else (javascript:, data:, vbscript:, file:) is dropped. */
  static boolean allowed(String url) {
    String u = url.strip().toLowerCase(java.util.Locale.ROOT);
    int colon = u.indexOf(':');
    int slash = u.indexOf('/');
    if (colon < 0 || (slash >= 0 && slash < colon)) return true;
    return u.startsWith("http:") || u.startsWith("https:") || u.startsWith("mailto:");
  }

  private SafeMarkdown() {}

  public static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
  }
}
