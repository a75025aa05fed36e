package vn.soctinh.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Properties;

/**
 * The single HTML page. Its import map (the one inline script: module specifiers to webjar URLs,
 * with versions read from the webjars themselves) is allowed by its SHA-256 in the CSP, so the
 * policy needs no 'unsafe-inline'.
 */
public final class IndexPage {
  private final String html;
  private final String importMapHash;

  public IndexPage() {
    String preact = "/webjars/preact/" + webjarVersion("preact");
    String uplot = "/webjars/uplot/" + webjarVersion("uplot");
    String map = "{\"imports\":{\"preact\":\"" + preact + "/dist/preact.module.js\",\"preact/hooks\":\"" + preact + "/hooks/dist/hooks.module.js\","
        + "\"htm\":\"/vendor/htm/htm.module.js\",\"uplot\":\"" + uplot + "/dist/uPlot.esm.js\"}}";
    this.importMapHash = sha256(map);
    this.html = "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>SOC Tỉnh</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        + "<link rel=\"stylesheet\" href=\"" + uplot + "/dist/uPlot.min.css\">\n"
        + "<link rel=\"stylesheet\" href=\"/app/style.css\">\n"
        + "<script type=\"importmap\">" + map + "</script>\n"
        + preloads(preact, uplot)
        + "<script type=\"module\" src=\"/app/main.js\"></script>\n"
        + "</head>\n<body>\n<div id=\"app\"><noscript>SOC Tỉnh cần JavaScript.</noscript></div>\n</body>\n</html>\n";
  }

  /** Every module the page imports, fetched at once instead of level by level as imports are discovered. */
  private static String preloads(String preact, String uplot) {
    StringBuilder b = new StringBuilder();
    for (String m : APP_MODULES) b.append("<link rel=\"modulepreload\" href=\"/app/").append(m).append("\">\n");
    for (String u : new String[] {preact + "/dist/preact.module.js", preact + "/hooks/dist/hooks.module.js", "/vendor/htm/htm.module.js",
        uplot + "/dist/uPlot.esm.js"}) {
      b.append("<link rel=\"modulepreload\" href=\"").append(u).append("\">\n");
    }
    return b.toString();
  }

  // before APP_MODULES, which uses it while the class initialises
  private static final java.util.regex.Pattern RELATIVE_IMPORT =
      java.util.regex.Pattern.compile("(?m)^\\s*(?:import|export)\\b[^;'\"]*?['\"]\\./([A-Za-z0-9_-]+\\.js)['\"]");

  /**
   * The page's own modules: main.js and every module it imports, followed through their imports, so
   * a new page is preloaded by being imported (no list to keep beside main.js).
   */
  static final java.util.List<String> APP_MODULES = appModules("main.js");

  static java.util.List<String> appModules(String entry) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(java.util.List.of(entry));
    while (!todo.isEmpty()) {
      String m = todo.poll();
      if (!seen.add(m)) continue;
      try (InputStream in = IndexPage.class.getResourceAsStream("/web/app/" + m)) {
        if (in == null) throw new IllegalStateException("web/app/" + m + " is imported but not in the class path");
        java.util.regex.Matcher x = RELATIVE_IMPORT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (x.find()) todo.add(x.group(1));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return java.util.List.copyOf(seen);
  }

  public String html() {
    return html;
  }

  /** The Content-Security-Policy for every answer. */
  public String csp() {
    return "default-src 'none'; script-src 'self' 'sha256-" + importMapHash + "'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
  }

  static String webjarVersion(String npmName) {
    try (InputStream in = IndexPage.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + npmName + "/pom.properties")) {
      if (in == null) throw new IllegalStateException("the " + npmName + " webjar is not on the class path");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
