package vn.soctinh.analyzer.detect.ioc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import vn.soctinh.analyzer.parse.Values;

/**
 * Threat-intelligence indicators: IP addresses and CIDR networks, domains (a listed domain also
 * covers its sub-domains), URLs and file hashes, read from CSV ({@code type,value[,feed]}), STIX 2.1
 * bundles (indicator patterns comparing one of those types for equality) and MISP JSON exports.
 * Look-ups are hash look-ups (and at most 33 or 129 for networks, one per prefix length), so a
 * million indicators cost memory, not time per event.
 */
public final class Indicators {
  /** One indicator: what it is, its value as listed, the feed it came from, and the level of the alert a hit raises. */
  public record Indicator(String type, String value, String feed, String level) {
    public Indicator(String type, String value, String feed) {
      this(type, value, feed, DEFAULT_LEVEL);
    }
  }

  /** The alert level of an indicator whose list does not say. */
  public static final String DEFAULT_LEVEL = "high";

  private static final java.util.Set<String> LEVELS = java.util.Set.of("informational", "low", "medium", "high", "critical");

  /** A line or object that could not be read: where and why. The others load. */
  public record Problem(String source, int line, String message) {
    @Override
    public String toString() {
      return source + (line > 0 ? ":" + line : "") + ": " + message;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STIX_EQ = Pattern.compile(
      "\\[\\s*(ipv4-addr|ipv6-addr|domain-name|url|file:hashes\\.(?:'([^']+)'|([A-Za-z0-9-]+)))(?::value)?\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*\\]");

  private final Map<String, Indicator> ips = new HashMap<>();
  /** prefix length → network (masked address bytes as a string key) → indicator. */
  private final Map<Integer, Map<String, Indicator>> v4nets = new TreeMap<>();
  private final Map<Integer, Map<String, Indicator>> v6nets = new TreeMap<>();
  private final Map<String, Indicator> domains = new HashMap<>();
  private final Map<String, Indicator> urls = new HashMap<>();
  private final Map<String, Indicator> hashes = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  public List<Problem> problems() {
    return problems;
  }

  public int size() {
    int n = ips.size() + domains.size() + urls.size() + hashes.size();
    for (Map<String, Indicator> m : v4nets.values()) n += m.size();
    for (Map<String, Indicator> m : v6nets.values()) n += m.size();
    return n;
  }

  /** Adds one indicator; false (and a problem) when the value is not of its type. */
  public boolean add(String type, String value, String feed, String source, int line) {
    return add(type, value, feed, DEFAULT_LEVEL, source, line);
  }

  /** @param level the Sigma level of the alert a hit raises (informational … critical) */
  public boolean add(String type, String value, String feed, String level, String source, int line) {
    String t = type.strip().toLowerCase(Locale.ROOT);
    String v = value.strip();
    String lv = level == null ? DEFAULT_LEVEL : level.strip().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(lv)) return problem(source, line, "unknown level \"" + level + "\" (informational, low, medium, high, critical)");
    Indicator ind = new Indicator(t, v, feed, lv.intern());
    switch (t) {
      case "ip", "ipv4", "ipv6", "ip-src", "ip-dst", "ipv4-addr", "ipv6-addr", "cidr" -> {
        int slash = v.indexOf('/');
        String addr = slash < 0 ? v : v.substring(0, slash);
        if (!Values.isIp(addr)) return problem(source, line, "not an IP address or CIDR: " + v);
        byte[] b = bytes(addr);
        if (slash < 0) {
          ips.put(key(b, b.length * 8), ind);
        } else {
          int p;
          try {
            p = Integer.parseInt(v.substring(slash + 1));
          } catch (NumberFormatException e) {
            return problem(source, line, "bad prefix length: " + v);
          }
          if (p < 0 || p > b.length * 8) return problem(source, line, "bad prefix length: " + v);
          (b.length == 4 ? v4nets : v6nets).computeIfAbsent(p, x -> new HashMap<>()).put(key(b, p), ind);
        }
      }
      case "domain", "hostname", "domain-name" -> {
        String d = v.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.isEmpty() || d.contains("/") || d.contains(" ")) return problem(source, line, "not a domain: " + v);
        domains.put(d, ind);
      }
      case "url" -> urls.put(v, ind);
      case "md5", "sha1", "sha256", "sha-256", "sha-1", "sha512", "sha-512", "hash" -> {
        if (!v.matches("[0-9A-Fa-f]{32,128}")) return problem(source, line, "not a hex hash: " + v);
        hashes.put(v.toLowerCase(Locale.ROOT), ind);
      }
      default -> {
        return problem(source, line, "unknown indicator type \"" + type + "\" (ip, cidr, domain, url, md5, sha1, sha256)");
      }
    }
    return true;
  }

  private boolean problem(String source, int line, String message) {
    problems.add(new Problem(source, line, message));
    return false;
  }

  /** Loads every {@code .csv}, {@code .json} (STIX 2.1 bundle or MISP export) under {@code dir}. */
  public static Indicators load(List<Path> dirs) throws IOException {
    Indicators ind = new Indicators();
    for (Path dir : dirs) {
      if (!Files.exists(dir)) continue;
      List<Path> files;
      try (Stream<Path> s = Files.isDirectory(dir) ? Files.walk(dir) : Stream.of(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".csv")) ind.loadCsv(Files.readString(f, StandardCharsets.UTF_8), f.toString(), stem(name));
        else if (name.endsWith(".json")) ind.loadJson(Files.readString(f, StandardCharsets.UTF_8), f.toString(), stem(name));
      }
    }
    return ind;
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** {@code type,value[,feed[,level]]} per line; {@code #} comments and a {@code type,value} header (after any comments) are skipped. */
  public void loadCsv(String text, String source, String defaultFeed) {
    int n = 0;
    boolean first = true;
    for (String line : text.split("\r?\n")) {
      n++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      // the header is the first line that is not a comment, wherever the comments end
      boolean header = first && l.toLowerCase(Locale.ROOT).startsWith("type,");
      first = false;
      if (header) continue;
      String[] p = l.split(",", 4);
      if (p.length < 2) {
        problem(source, n, "expected type,value[,feed[,level]] but was \"" + l + "\"");
        continue;
      }
      add(p[0], p[1], p.length > 2 && !p[2].isBlank() ? p[2].strip() : defaultFeed, p.length > 3 && !p[3].isBlank() ? p[3] : DEFAULT_LEVEL, source, n);
    }
  }

  /** A STIX 2.1 bundle (indicators with simple equality patterns) or a MISP event export. */
  public void loadJson(String text, String source, String defaultFeed) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      problem(source, 0, "not JSON: " + e.getMessage());
      return;
    }
    if ("bundle".equals(root.path("type").asText())) {
      int i = 0;
      for (JsonNode o : root.path("objects")) {
        i++;
        if (!"indicator".equals(o.path("type").asText())) continue;
        String pattern = o.path("pattern").asText("");
        String feed = o.path("name").asText(defaultFeed);
        String level = o.has("confidence") ? confidenceLevel(o.path("confidence").asInt()) : DEFAULT_LEVEL;
        Matcher m = STIX_EQ.matcher(pattern);
        boolean any = false;
        while (m.find()) {
          any = true;
          String kind = m.group(1);
          String value = m.group(4).replace("\\'", "'").replace("\\\\", "\\");
          String type = kind.startsWith("file:hashes") ? (m.group(2) != null ? m.group(2) : m.group(3)) : kind;
          add(type.replace("SHA-", "sha").replace("MD5", "md5"), value, feed, level, source + " objects[" + (i - 1) + "]", 0);
        }
        if (!any) problem(source + " objects[" + (i - 1) + "]", 0, "pattern not supported (only equality on ip, domain, url, file hashes): " + pattern);
      }
      return;
    }
    JsonNode event = root.has("Event") ? root.get("Event") : root.has("response") ? root.path("response").path(0).path("Event") : root;
    JsonNode attrs = event.path("Attribute");
    if (!attrs.isArray()) {
      problem(source, 0, "neither a STIX 2.1 bundle nor a MISP event (no Attribute list)");
      return;
    }
    String feed = event.path("info").asText(defaultFeed);
    // MISP threat_level_id: 1 high, 2 medium, 3 low, 4 undefined
    String level = switch (event.path("threat_level_id").asText("")) {
      case "1" -> "high";
      case "2" -> "medium";
      case "3" -> "low";
      default -> DEFAULT_LEVEL;
    };
    int i = 0;
    for (JsonNode a : attrs) {
      String type = a.path("type").asText();
      String value = a.path("value").asText();
      String where = source + " Attribute[" + i++ + "]";
      switch (type) {
        case "ip-src", "ip-dst", "domain", "hostname", "url", "md5", "sha1", "sha256" -> add(type, value, feed, level, where, 0);
        case "ip-dst|port", "ip-src|port" -> add("ip", value.split("\\|")[0], feed, level, where, 0);
        default -> { } // MISP has many attribute types; the others are not indicators we match
      }
    }
  }

  /** STIX 2.1 confidence (0–100) as an alert level: 85+ critical, 60+ high, 30+ medium, else low. */
  static String confidenceLevel(int confidence) {
    if (confidence >= 85) return "critical";
    if (confidence >= 60) return "high";
    if (confidence >= 30) return "medium";
    return "low";
  }

  /** The indicator an IP address matches (exact, else the longest network), or null. */
  public Indicator ip(String value) {
    if (value == null || !Values.isIp(value)) return null;
    byte[] b = bytes(value.indexOf('%') > 0 ? value.substring(0, value.indexOf('%')) : value);
    Indicator exact = ips.get(key(b, b.length * 8));
    if (exact != null) return exact;
    Map<Integer, Map<String, Indicator>> nets = b.length == 4 ? v4nets : v6nets;
    Indicator best = null;
    for (Map.Entry<Integer, Map<String, Indicator>> e : nets.entrySet()) {
      Indicator i = e.getValue().get(key(b, e.getKey()));
      if (i != null) best = i; // ascending prefix lengths: the last hit is the longest
    }
    return best;
  }

  /** The indicator a domain or one of its parents matches, or null. */
  public Indicator domain(String value) {
    if (value == null || domains.isEmpty()) return null;
    String d = value.toLowerCase(Locale.ROOT);
    while (true) {
      Indicator i = domains.get(d);
      if (i != null) return i;
      int dot = d.indexOf('.');
      if (dot < 0) return null;
      d = d.substring(dot + 1);
    }
  }

  public Indicator url(String value) {
    return value == null ? null : urls.get(value);
  }

  public Indicator hash(String value) {
    return value == null ? null : hashes.get(value.toLowerCase(Locale.ROOT));
  }

  private static byte[] bytes(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  /** The first {@code prefix} bits of an address as a map key. */
  private static String key(byte[] b, int prefix) {
    byte[] m = b.clone();
    for (int bit = prefix; bit < m.length * 8; bit++) m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    return new String(m, StandardCharsets.ISO_8859_1) + "/" + prefix;
  }
}
