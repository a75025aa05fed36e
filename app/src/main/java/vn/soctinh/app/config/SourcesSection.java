package vn.soctinh.app.config;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.soctinh.analyzer.parse.ParseSettings.AgencyParsing;
import vn.soctinh.app.config.ConfigNode.Located;
import vn.soctinh.collector.source.SourceEntry;

/**
 * The {@code sources:} table. Each agency id is unique, and each CIDR, TLS name and token belongs to
 * one agency only: a sender that two agencies claim would be filed under whichever came first.
 * Token values never appear in messages (they are secrets).
 */
final class SourcesSection {
  private static final int MIN_TOKEN_LENGTH = 16;
  private static final int MAX_TOKEN_LENGTH = 512;

  /** Who already claimed a value: the agency, the key path and where. */
  private record Claim(String agency, String key, Position at) {
    String describe() {
      return "agency " + agency + " at " + key + at.suffix();
    }
  }

  private SourcesSection() {}

  /** The table, and per agency how its messages are read (only agencies that set something). */
  record Sources(List<SourceEntry> entries, Map<String, AgencyParsing> parsing) {}

  static Sources read(ConfigNode root) {
    List<SourceEntry> out = new ArrayList<>();
    Map<String, AgencyParsing> parsing = new HashMap<>();
    Map<String, Claim> agencies = new HashMap<>();
    Map<String, Claim> cidrs = new HashMap<>();
    Map<String, Claim> tlsNames = new HashMap<>();
    Map<String, Claim> tokens = new HashMap<>();
    for (ConfigNode e : root.mappings("sources")) {
      String agency = e.string("agency", "");
      boolean agencyOk = checkAgency(e, agency);
      if (agencyOk) {
        Claim before = agencies.putIfAbsent(agency, new Claim(agency, e.path("agency"), e.at("agency")));
        if (before != null) e.error("agency", "agency " + agency + " is already defined at " + before.key() + before.at().suffix());
      }
      String name = Normalizer.normalize(e.string("name", agency), Normalizer.Form.NFC);

      List<String> cidrList = new ArrayList<>();
      for (Located<String> c : e.strings("cidrs")) {
        Parsed<vn.soctinh.collector.source.Cidr> p = NetworkText.parse(c.value());
        if (p instanceof Parsed.Invalid<vn.soctinh.collector.source.Cidr> bad) {
          e.error(c, bad.message());
        } else {
          claim(e, cidrs, ((Parsed.Ok<vn.soctinh.collector.source.Cidr>) p).value().toString(), agency, c, c.value());
          cidrList.add(c.value());
        }
      }

      List<String> nameList = new ArrayList<>();
      for (Located<String> t : e.strings("tls_names")) {
        if (t.value().isBlank() || !t.value().strip().equals(t.value())) {
          e.error(t, "expected a certificate name like so-tttt.tinh.gov.vn but was " + Parsed.quote(t.value()));
        } else {
          claim(e, tlsNames, t.value().toLowerCase(Locale.ROOT), agency, t, "TLS name " + t.value());
          nameList.add(t.value());
        }
      }

      List<String> tokenList = new ArrayList<>();
      for (Located<String> t : e.strings("tokens")) {
        if (!isToken(t.value())) {
          e.error(t, "expected a token of " + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH
              + " characters A-Z a-z 0-9 - . _ ~ + / (then optional =) but got one of " + t.value().length() + " characters that is not");
        } else {
          claim(e, tokens, t.value(), agency, t, "this token");
          tokenList.add(t.value());
        }
      }
      AgencyParsing p = ParsingKeys.agency(e, name);
      e.finish();
      if (agencyOk) {
        out.add(new SourceEntry(agency, name, List.copyOf(cidrList), List.copyOf(nameList), List.copyOf(tokenList)));
        parsing.put(agency, p);
      }
    }
    return new Sources(List.copyOf(out), parsing);
  }

  private static boolean checkAgency(ConfigNode e, String agency) {
    if (agency.isEmpty()) {
      e.error("agency", "is required: an id like so-tttt");
      return false;
    }
    boolean ok = agency.length() <= 64 && isIdChar(agency.charAt(0), false);
    for (int i = 1; ok && i < agency.length(); i++) ok = isIdChar(agency.charAt(i), true);
    if (!ok) {
      e.error("agency", "expected an id like so-tttt (a-z, 0-9, then also _ . -; at most 64) but was " + Parsed.quote(agency));
      return false;
    }
    if (agency.equals(SourceEntry.UNASSIGNED)) {
      e.error("agency", "\"" + SourceEntry.UNASSIGNED + "\" is reserved for senders that match no source");
      return false;
    }
    return true;
  }

  private static void claim(ConfigNode e, Map<String, Claim> claims, String canonical, String agency, Located<String> item, String what) {
    Claim before = claims.putIfAbsent(canonical, new Claim(agency, item.key(), item.at()));
    if (before != null) e.error(item, what + " is already listed for " + before.describe());
  }

  private static boolean isIdChar(char c, boolean inner) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (inner && (c == '_' || c == '.' || c == '-'));
  }

  /** RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
  private static boolean isToken(String t) {
    if (t.length() < MIN_TOKEN_LENGTH || t.length() > MAX_TOKEN_LENGTH) return false;
    int end = t.length();
    while (end > 0 && t.charAt(end - 1) == '=') end--;
    if (end == 0) return false;
    for (int i = 0; i < end; i++) {
      char c = t.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
      if (!ok) return false;
    }
    return true;
  }
}
