package vn.soctinh.analyzer.parse.dns;

import java.util.Locale;
import org.apache.http.conn.util.PublicSuffixMatcher;
import org.apache.http.conn.util.PublicSuffixMatcherLoader;
import vn.soctinh.analyzer.event.Event;

/**
 * A domain name's parts as ECS names them, from the public suffix list (Mozilla's, as shipped with
 * Apache HttpClient): {@code portal.example.gov.vn} → registered_domain {@code example.gov.vn},
 * top_level_domain {@code gov.vn}, subdomain {@code portal}. A heuristic on dots would split
 * {@code gov.vn} wrongly, which is most of a Vietnamese province's domains.
 */
public final class DomainParts {
  private DomainParts() {}

  /** Sets PREFIX.registered_domain, .top_level_domain and .subdomain for name; nothing for a bare suffix or an address. */
  public static void put(Event e, String prefix, String name) {
    if (name == null || name.isEmpty() || name.indexOf('.') < 0 || name.length() > 253 || name.indexOf(':') >= 0) return;
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
    if (Character.isDigit(n.charAt(n.length() - 1))) return; // an IPv4 address or a reverse name's last label
    String registered = Lazy.MATCHER.getDomainRoot(n);
    if (registered == null || registered.indexOf('.') < 0) return;
    e.put(prefix + ".registered_domain", registered);
    e.put(prefix + ".top_level_domain", registered.substring(registered.indexOf('.') + 1));
    if (n.length() > registered.length() + 1) e.put(prefix + ".subdomain", n.substring(0, n.length() - registered.length() - 1));
  }

  /** Loaded on first use (a quarter of a megabyte of rules). */
  private static final class Lazy {
    static final PublicSuffixMatcher MATCHER = PublicSuffixMatcherLoader.getDefault();
  }
}
