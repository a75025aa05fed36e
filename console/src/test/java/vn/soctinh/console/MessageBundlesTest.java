package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every string the pages ask for exists in Vietnamese and in English, and the two bundles have the same keys. */
class MessageBundlesTest {
  static final Path APP = Path.of("src/main/resources/web/app");

  static Set<String> keys(String block) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)(?:^\\s*|[{,]\\s*)([a-z_0-9]+):\\s*['\"]").matcher(block);
    // a key written twice is legal JavaScript, and the second silently wins
    while (m.find()) assertTrue(out.add(m.group(1)), "the key " + m.group(1) + " is written twice in one bundle");
    return out;
  }

  @Test
  void bundlesAreCompleteAndCoverEveryUse() throws Exception {
    String i18n = Files.readString(APP.resolve("i18n.js"));
    int vi = i18n.indexOf("  vi: {");
    int en = i18n.indexOf("  en: {");
    int end = i18n.indexOf("\n};", en);
    Set<String> viKeys = keys(i18n.substring(vi + 7, en));
    Set<String> enKeys = keys(i18n.substring(en + 7, end));
    assertTrue(viKeys.size() > 100, "read " + viKeys.size() + " keys");
    assertEquals(viKeys, enKeys, "the same keys in vi and en");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.list(APP)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
        Matcher m = Pattern.compile("\\bt\\('([a-z_0-9]+)'\\)").matcher(Files.readString(f));
        while (m.find()) used.add(m.group(1));
      }
    }
    // keys built at run time: the ranges, the nav entries, deadline statuses
    for (String k : new String[] {"last_15m", "last_1h", "last_24h", "last_7d", "last_30d", "overview", "live", "search", "incidents", "agencies", "rules",
        "audit", "users", "account", "status", "reports", "pending", "warning", "overdue", "met", "met_late", "report_initial", "report_closing"}) {
      used.add(k);
    }
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(viKeys);
    assertEquals(Set.of(), missing, "used by the pages but in no bundle");
  }
}
