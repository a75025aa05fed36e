package vn.soctinh.app.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A typed reader over one YAML mapping of the configuration. Each accessor names a key, its
 * default and its range; a bad value is reported (with the key's dotted path and the value's line)
 * and the default is returned, so that one pass finds every problem. The keys asked for are the
 * known keys: {@link #finish()} reports every other key as unknown, with a "did you mean"
 * suggestion. A missing or empty ({@code ~}) section reads as an empty mapping, i.e. all defaults.
 *
 * <p>It never throws for bad input and never converts types silently (no "yes" for true, no "64K"
 * for 65536).
 */
final class ConfigNode {
  /** A value read from a list, with where it came from (for "already used at line N" messages). */
  record Located<T>(T value, String key, Position at) {}

  private final Problems problems;
  private final String path;
  private final Position position;
  private final boolean usable;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private ConfigNode(Problems problems, String path, Node node, boolean usable) {
    this.problems = problems;
    this.path = path;
    this.position = Position.of(node);
    this.usable = usable && node instanceof MappingNode;
    if (this.usable) index((MappingNode) node);
  }

  /** The top level of a document; {@code node} is null for an empty document. */
  static ConfigNode root(Node node, Problems problems) {
    if (node == null || isNull(node)) return new ConfigNode(problems, "", null, false);
    if (!(node instanceof MappingNode)) {
      problems.add(Position.of(node), null, "expected a mapping of settings like \"data_dir: ./data\" at the top level but was " + describe(node));
    }
    return new ConfigNode(problems, "", node, true);
  }

  String path() {
    return path;
  }

  /** The dotted path of a key in this mapping. */
  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Where this mapping starts, or {@link Position#NONE} when it is not in the file. */
  Position position() {
    return position;
  }

  boolean has(String key) {
    known.add(key);
    problems.keyRead(path(key));
    return entries.containsKey(key);
  }

  /** Where the key's value is; this mapping's position when the key is absent. */
  Position at(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? position : Position.of(t.getValueNode());
  }

  /** Reports a problem about one key (e.g. a cross-field check), at its value. */
  void error(String key, String message) {
    problems.add(at(key), path(key), message);
  }

  ConfigNode section(String key) {
    Node v = value(key);
    if (v == null || isNull(v)) return new ConfigNode(problems, path(key), v, false);
    if (!(v instanceof MappingNode)) {
      error(key, "expected a mapping of settings but was " + describe(v));
      return new ConfigNode(problems, path(key), v, false);
    }
    return new ConfigNode(problems, path(key), v, true);
  }

  /** A list of mappings (like {@code sources:}); entries that are not mappings are reported and skipped. */
  List<ConfigNode> mappings(String key) {
    List<ConfigNode> out = new ArrayList<>();
    Node v = value(key);
    if (v == null || isNull(v)) return out;
    if (!(v instanceof SequenceNode seq)) {
      error(key, "expected a list of mappings but was " + describe(v));
      return out;
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String itemPath = path(key) + "[" + i + "]";
      if (item instanceof MappingNode) {
        out.add(new ConfigNode(problems, itemPath, item, true));
      } else {
        problems.add(Position.of(item), itemPath, "expected a mapping but was " + describe(item));
      }
    }
    return out;
  }

  /** A list of strings like {@code [a, b]}; absent or {@code ~} is the empty list. */
  List<Located<String>> strings(String key) {
    List<Located<String>> out = new ArrayList<>();
    Node v = value(key);
    if (v == null || isNull(v)) return out;
    if (!(v instanceof SequenceNode seq)) {
      error(key, "expected a list like [a, b] but was " + describe(v));
      return out;
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String itemPath = path(key) + "[" + i + "]";
      if (item instanceof ScalarNode s && !isNull(s) && tagOk(s, itemPath)) {
        out.add(new Located<>(s.getValue(), itemPath, Position.of(s)));
      } else if (!(item instanceof ScalarNode)) {
        problems.add(Position.of(item), itemPath, "expected a string but was " + describe(item));
      } else if (isNull(item)) {
        problems.add(Position.of(item), itemPath, "expected a string but was empty");
      }
    }
    return out;
  }

  /** A string; {@code key:} with no value or {@code ~} reads as "". */
  String string(String key, String def) {
    Node v = value(key);
    if (v == null) return def;
    if (isNull(v)) return "";
    ScalarNode s = scalar(key, v, "expected a string");
    return s == null ? def : s.getValue();
  }

  /**
   * A file or directory path, made absolute against the process working directory and normalised;
   * null when the value is "" (or {@code ~}). Whether it exists is for the caller to check.
   */
  Path filePath(String key, String def) {
    String text = string(key, def);
    if (text.isEmpty()) return null;
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      error(key, "expected a file path but was " + Parsed.quote(text) + " (" + e.getReason() + ")");
      return def.isEmpty() ? null : Path.of(def).toAbsolutePath().normalize();
    }
  }

  /** Reports a problem about one item of a list read with {@link #strings}. */
  void error(Located<?> item, String message) {
    problems.add(item.at(), item.key(), message);
  }

  /** Strictly {@code true} or {@code false}. */
  boolean bool(String key, boolean def) {
    return value(key, def, "expected true or false", text -> switch (text) {
      case "true" -> Parsed.ok(true);
      case "false" -> Parsed.ok(false);
      default -> Parsed.expected("expected true or false", text);
    });
  }

  long integer(String key, long def, long min, long max) {
    return inRange(key, value(key, def, "expected a whole number", ConfigNode::parseLong), def, min, max, false);
  }

  int intValue(String key, int def, int min, int max) {
    return (int) integer(key, def, min, max);
  }

  /** A whole number in the unit the key names ({@code _secs}, {@code _ms}). */
  long duration(String key, long def, long min, long max) {
    String what = "expected a whole number of " + (key.endsWith("_ms") ? "milliseconds" : "seconds");
    return inRange(key, value(key, def, what, text -> {
      Parsed<Long> p = parseLong(text);
      return p instanceof Parsed.Ok ? p : Parsed.expected(what, text);
    }), def, min, max, false);
  }

  /** A byte size: {@code 65536}, {@code 64KiB}, {@code 4m} (see {@link Sizes}). */
  long size(String key, long def, long min, long max) {
    return inRange(key, value(key, def, Sizes.EXPECTED, Sizes::parse), def, min, max, true);
  }

  int intSize(String key, int def, int min, int max) {
    return (int) size(key, def, min, max);
  }

  /**
   * A scalar turned into a value by {@code parser}. {@code what} ("expected a URI like ...")
   * describes the value when it is not a scalar at all.
   */
  <T> T value(String key, T def, String what, Function<String, Parsed<T>> parser) {
    Node v = value(key);
    if (v == null) return def;
    if (isNull(v)) {
      error(key, what + " but was empty");
      return def;
    }
    ScalarNode s = scalar(key, v, what);
    if (s == null) return def;
    Parsed<T> parsed = parser.apply(s.getValue());
    if (parsed instanceof Parsed.Ok<T> ok) return ok.value();
    error(key, ((Parsed.Invalid<T>) parsed).message());
    return def;
  }

  /** Reports every key of this mapping that no accessor asked for. Call once, after reading. */
  void finish() {
    if (!usable) return;
    for (NodeTuple t : entries.values()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      if (known.contains(key)) continue;
      String hint = suggestion(key, known);
      problems.add(Position.of(t.getKeyNode()), path(key), "unknown key " + Parsed.quote(key)
          + (hint != null ? "; did you mean " + Parsed.quote(hint) + "?" : "; known keys here: " + String.join(", ", new TreeSet<>(known))));
    }
  }

  // ---- internals

  private void index(MappingNode map) {
    Map<String, Position> first = new HashMap<>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || isNull(k)) {
        problems.add(Position.of(t.getKeyNode()), path.isEmpty() ? null : path, "keys must be plain words but found " + describe(t.getKeyNode()));
        continue;
      }
      Position p = Position.of(k);
      Position before = first.putIfAbsent(k.getValue(), p);
      if (before != null) {
        problems.add(p, path(k.getValue()), "duplicate key; first set" + before.suffix());
        continue;
      }
      entries.put(k.getValue(), t);
    }
  }

  private Node value(String key) {
    known.add(key);
    problems.keyRead(path(key));
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  private ScalarNode scalar(String key, Node v, String what) {
    if (!(v instanceof ScalarNode s)) {
      error(key, what + " but was " + describe(v));
      return null;
    }
    return tagOk(s, path(key)) ? s : null;
  }

  private boolean tagOk(ScalarNode s, String keyPath) {
    String tag = s.getTag().getValue();
    if (tag.startsWith(Tag.PREFIX)) return true;
    problems.add(Position.of(s), keyPath, "unsupported YAML tag " + Parsed.quote(tag));
    return false;
  }

  private long inRange(String key, long v, long def, long min, long max, boolean sizes) {
    if (v >= min && v <= max) return v;
    Function<Long, String> f = sizes ? Sizes::format : String::valueOf;
    error(key, "must be between " + f.apply(min) + " and " + f.apply(max) + " but was " + f.apply(v));
    return def;
  }

  private static Parsed<Long> parseLong(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    boolean digits = text.length() > start && text.length() <= 19 + start;
    for (int i = start; digits && i < text.length(); i++) digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    if (!digits) return Parsed.expected("expected a whole number", text);
    try {
      return Parsed.ok(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Parsed.expected("expected a whole number", text);
    }
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.isPlain() && Tag.NULL.equals(s.getTag());
  }

  static String describe(Node n) {
    if (n instanceof MappingNode) return "a mapping";
    if (n instanceof SequenceNode) return "a list";
    if (isNull(n)) return "empty";
    return Parsed.quote(((ScalarNode) n).getValue());
  }

  /** The known key closest to {@code key} by edit distance, if it is close enough to be a typo. */
  static String suggestion(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, Math.min(key.length(), best.length()) / 3) ? best : null;
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
