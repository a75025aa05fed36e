package vn.soctinh.analyzer.org;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.collector.files.FormatField;

/**
 * The organisation file: YAML ({@code organizations:} and {@code systems:} lists) or two CSV tables
 * (one of organisations, one of systems, told apart by their header). Everything is checked and
 * every problem is reported with its line and column; names are NFC-normalised. Nothing is
 * loaded when anything is wrong: a half-imported tree would mis-attribute events.
 */
public final class OrgFile {
  /** The format of the YAML this release writes ({@code format:} at its top; a file without it is of format 1). */
  public static final int FORMAT = 1;

  private OrgFile() {}

  /** A parse: the directory when there was no problem, else the problems. */
  public record Result(OrgDirectory directory, List<OrgException> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern HOST = Pattern.compile("(?i)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  private static final Set<String> ORG_KEYS = Set.of("id", "code", "name", "parent", "kind", "contacts", "merged_into", "sources");
  private static final Set<String> SOURCE_KEYS = Set.of("cidrs", "tls_names", "tokens");
  private static final Set<String> SYSTEM_KEYS = Set.of("id", "name", "org", "level", "type", "operating_unit", "addresses", "contacts");
  private static final Set<String> CONTACT_KEYS = Set.of("name", "position", "phone", "email");

  /** Where a value came from, for errors found after reading (unknown parent, cycles). */
  private record At(int line, int column, String file) {
    At(int line, int column) {
      this(line, column, null);
    }
  }

  private static final class Reader {
    final String file;
    final List<OrgException> problems = new ArrayList<>();
    final List<Organization> orgs = new ArrayList<>();
    final List<InfoSystem> systems = new ArrayList<>();
    final Map<String, At> orgAt = new HashMap<>();
    final Map<String, At> systemAt = new HashMap<>();

    Reader(String file) {
      this.file = file;
    }

    void problem(At at, String message) {
      problems.add(new OrgException(at != null && at.file != null ? at.file : file, at == null ? 0 : at.line, at == null ? 0 : at.column, message));
    }

    At at(Node n) {
      Mark m = n == null ? null : n.getStartMark().orElse(null);
      return m == null ? new At(0, 0) : new At(m.getLine() + 1, m.getColumn() + 1);
    }

    /** Cross-checks: unique ids, parents and owners that exist, no cycles. */
    Result finish() {
      Map<String, Organization> byId = new LinkedHashMap<>();
      for (Organization o : orgs) {
        if (byId.putIfAbsent(o.id(), o) != null) problem(orgAt.get(o.id() + "#dup"), "organisation id " + o.id() + " appears twice");
      }
      for (Organization o : orgs) {
        if (o.parent() != null && !byId.containsKey(o.parent())) problem(orgAt.get(o.id()), "parent " + o.parent() + " of " + o.id() + " is not an organisation here");
        if (o.mergedInto() != null && !byId.containsKey(o.mergedInto())) problem(orgAt.get(o.id()), "merged_into " + o.mergedInto() + " is not an organisation here");
        Set<String> seen = new HashSet<>();
        for (Organization x = o; x != null; x = byId.get(x.parent())) {
          if (!seen.add(x.id())) {
            problem(orgAt.get(o.id()), "the parents of " + o.id() + " go round in a circle");
            break;
          }
        }
      }
      Set<String> systemIds = new HashSet<>();
      for (InfoSystem s : systems) {
        if (!systemIds.add(s.id())) problem(systemAt.get(s.id() + "#dup"), "system id " + s.id() + " appears twice");
        if (!byId.containsKey(s.org())) problem(systemAt.get(s.id()), "owner org " + s.org() + " of system " + s.id() + " is not an organisation here");
        if (s.operatingUnit() != null && !byId.containsKey(s.operatingUnit())) {
          problem(systemAt.get(s.id()), "operating_unit " + s.operatingUnit() + " of system " + s.id() + " is not an organisation here");
        }
      }
      if (!problems.isEmpty()) return new Result(null, List.copyOf(problems));
      return new Result(new OrgDirectory(orgs, systems), List.of());
    }

    void addOrg(Organization o, At at) {
      if (orgAt.containsKey(o.id())) orgAt.put(o.id() + "#dup", at);
      else orgAt.put(o.id(), at);
      orgs.add(o);
    }

    void addSystem(InfoSystem s, At at) {
      if (systemAt.containsKey(s.id())) systemAt.put(s.id() + "#dup", at);
      else systemAt.put(s.id(), at);
      systems.add(s);
    }

    String id(String value, At at, String what) {
      if (value == null || value.isBlank()) {
        problem(at, what + " needs an id");
        return null;
      }
      if (!ID.matcher(value).matches()) {
        problem(at, what + " id \"" + value + "\" must be lower-case letters, digits, '.', '_' or '-' (at most 64)");
        return null;
      }
      return value;
    }

    Integer level(String value, At at, String id) {
      try {
        int l = Integer.parseInt(value == null ? "" : value.strip());
        if (l >= 1 && l <= 5) return l;
      } catch (NumberFormatException e) {
        // reported below
      }
      problem(at, "system " + id + ": level must be 1 to 5 (the security level), not \"" + value + "\"");
      return null;
    }

    String type(String value, At at, String id) {
      String t = value == null || value.isBlank() ? "other" : value.strip();
      if (!InfoSystem.TYPES.contains(t)) {
        problem(at, "system " + id + ": type \"" + t + "\" is not one of " + InfoSystem.TYPES);
        return null;
      }
      return t;
    }

    String kind(String value, At at, String id) {
      String k = value == null || value.isBlank() ? "agency" : value.strip();
      if (!Organization.KINDS.contains(k)) {
        problem(at, "organisation " + id + ": kind \"" + k + "\" is not one of " + Organization.KINDS);
        return null;
      }
      return k;
    }

    boolean address(String a, At at, String id) {
      String v = a.strip();
      if (v.contains("://")) {
        if (OrgDirectory.hostOf(v) != null) return true;
      } else {
        int slash = v.indexOf('/');
        String ip = slash < 0 ? v : v.substring(0, slash);
        if (Values.isIp(ip)) {
          if (cidr(v) != null) return true;
        } else if (slash < 0 && HOST.matcher(v).matches()) {
          return true;
        }
      }
      problem(at, "system " + id + ": \"" + a + "\" is not an IP address, a CIDR network, a host name or a URL");
      return false;
    }

    Contact contact(String name, String position, String phone, String email, At at) {
      if (email != null && !email.isBlank() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) problem(at, "\"" + email + "\" is not an e-mail address");
      if (name == null && position == null && phone == null && email == null) return null;
      return new Contact(nfc(name), nfc(position), blankToNull(phone), blankToNull(email));
    }
  }

  // ---- YAML

  public static Result parseYaml(String text, String file) {
    Reader r = new Reader(file);
    Node root;
    try {
      root = vn.soctinh.analyzer.YamlNodes.compose(text, file);
    } catch (vn.soctinh.analyzer.FileProblem e) {
      return new Result(null, List.of(new OrgException(file, e.line(), e.column(), e.getMessage())));
    }
    if (root == null) return r.finish();
    if (!(root instanceof MappingNode top)) {
      r.problem(r.at(root), "expected organizations: and systems: lists");
      return r.finish();
    }
    for (NodeTuple t : top.getValue()) {
      String key = scalar(t.getKeyNode());
      Node v = t.getValueNode();
      if (FormatField.NAME.equals(key)) {
        format(r, v);
      } else if ("organizations".equals(key)) {
        for (Node n : items(r, v, "organizations")) org(r, n);
      } else if ("systems".equals(key)) {
        for (Node n : items(r, v, "systems")) system(r, n);
      } else {
        r.problem(r.at(t.getKeyNode()), "unknown key \"" + key + "\" (format, organizations, systems)");
      }
    }
    return r.finish();
  }

  /**
   * {@code format:}, which the files this release writes carry ({@link #FORMAT}); a file without it
   * (written by hand, or by an earlier release) is of format 1. A later release's is refused.
   */
  private static void format(Reader r, Node v) {
    String text = v instanceof ScalarNode sc ? sc.getValue() : null;
    int n;
    try {
      n = text == null ? -1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1) {
      r.problem(r.at(v), "format must be a whole number from 1");
    } else if (n > FORMAT) {
      r.problem(r.at(v), "format " + n + " is newer than this release of SOC Tỉnh reads (" + FORMAT + "): the file was written by a later"
          + " release; install that release again, or restore the backup taken before");
    }
  }

  private static List<Node> items(Reader r, Node v, String what) {
    if (v instanceof SequenceNode s) return s.getValue();
    if (v instanceof ScalarNode sc && (sc.getValue().isEmpty() || sc.getValue().equals("null"))) return List.of();
    r.problem(r.at(v), what + " must be a list");
    return List.of();
  }

  private static Map<String, Node> fields(Reader r, Node n, Set<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (!(n instanceof MappingNode m)) {
      r.problem(r.at(n), what + ": expected a map of fields");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      String k = scalar(t.getKeyNode());
      if (!allowed.contains(k)) {
        r.problem(r.at(t.getKeyNode()), what + ": unknown field \"" + k + "\" (" + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        continue;
      }
      out.put(k, t.getValueNode());
    }
    return out;
  }

  private static void org(Reader r, Node n) {
    Map<String, Node> f = fields(r, n, ORG_KEYS, "organisation");
    At at = r.at(n);
    String id = r.id(scalar(f.get("id")), f.containsKey("id") ? r.at(f.get("id")) : at, "an organisation");
    String name = nfc(scalar(f.get("name")));
    if (id == null) return;
    if (name == null || name.isBlank()) r.problem(at, "organisation " + id + " needs a name");
    String kind = r.kind(scalar(f.get("kind")), f.containsKey("kind") ? r.at(f.get("kind")) : at, id);
    r.addOrg(new Organization(id, blankToNull(scalar(f.get("code"))), name, blankToNull(scalar(f.get("parent"))), kind, contacts(r, f.get("contacts")),
        blankToNull(scalar(f.get("merged_into"))), sources(r, f.get("sources"), id)), f.containsKey("parent") ? r.at(f.get("parent")) : at);
  }

  private static void system(Reader r, Node n) {
    Map<String, Node> f = fields(r, n, SYSTEM_KEYS, "system");
    At at = r.at(n);
    String id = r.id(scalar(f.get("id")), f.containsKey("id") ? r.at(f.get("id")) : at, "a system");
    if (id == null) return;
    String name = nfc(scalar(f.get("name")));
    if (name == null || name.isBlank()) r.problem(at, "system " + id + " needs a name");
    String org = scalar(f.get("org"));
    if (org == null) r.problem(at, "system " + id + " needs org (its owner)");
    Integer level = r.level(scalar(f.get("level")), f.containsKey("level") ? r.at(f.get("level")) : at, id);
    String type = r.type(scalar(f.get("type")), f.containsKey("type") ? r.at(f.get("type")) : at, id);
    List<String> addresses = new ArrayList<>();
    Node an = f.get("addresses");
    if (an instanceof SequenceNode s) {
      for (Node x : s.getValue()) {
        String a = scalar(x);
        if (a != null && r.address(a, r.at(x), id)) addresses.add(a.strip());
      }
    } else if (an != null) {
      String a = scalar(an);
      if (a != null && r.address(a, r.at(an), id)) addresses.add(a.strip());
    }
    List<Contact> contacts = contacts(r, f.get("contacts"));
    if (level == null || type == null || org == null) return;
    r.addSystem(new InfoSystem(id, name, org, level, type, blankToNull(scalar(f.get("operating_unit"))), List.copyOf(addresses), contacts),
        f.containsKey("org") ? r.at(f.get("org")) : at);
  }

  private static Organization.Sources sources(Reader r, Node n, String id) {
    if (n == null) return null;
    Map<String, Node> f = fields(r, n, SOURCE_KEYS, "sources of " + id);
    List<String> cidrs = new ArrayList<>();
    for (Node x : f.get("cidrs") == null ? List.<Node>of() : items(r, f.get("cidrs"), "cidrs")) {
      String c = scalar(x);
      if (c == null) continue;
      if (cidr(c) != null) cidrs.add(c.strip());
      else r.problem(r.at(x), "sources of " + id + ": \"" + c + "\" is not an IP address or CIDR network");
    }
    List<String> names = new ArrayList<>();
    if (f.get("tls_names") != null) for (Node x : items(r, f.get("tls_names"), "tls_names")) if (scalar(x) != null) names.add(scalar(x).strip());
    List<String> tokens = new ArrayList<>();
    if (f.get("tokens") != null) {
      for (Node x : items(r, f.get("tokens"), "tokens")) {
        String t = scalar(x);
        if (t == null) continue;
        if (t.length() < 16) r.problem(r.at(x), "sources of " + id + ": an intake token is a secret of at least 16 characters");
        else tokens.add(t);
      }
    }
    return new Organization.Sources(List.copyOf(cidrs), List.copyOf(names), List.copyOf(tokens));
  }

  private static List<Contact> contacts(Reader r, Node n) {
    if (n == null) return List.of();
    List<Contact> out = new ArrayList<>();
    for (Node c : items(r, n, "contacts")) {
      Map<String, Node> f = fields(r, c, CONTACT_KEYS, "contact");
      Contact k = r.contact(scalar(f.get("name")), scalar(f.get("position")), scalar(f.get("phone")), scalar(f.get("email")),
          f.containsKey("email") ? r.at(f.get("email")) : r.at(c));
      if (k != null) out.add(k);
    }
    return List.copyOf(out);
  }

  private static String scalar(Node n) {
    if (n instanceof ScalarNode s) {
      String v = s.getValue();
      return v.isEmpty() || v.equals("~") || v.equals("null") ? null : v;
    }
    return null;
  }

  public static String toYaml(OrgDirectory d) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put(FormatField.NAME, FORMAT);
    List<Object> orgs = new ArrayList<>();
    for (Organization o : d.organizations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", o.id());
      putIf(m, "code", o.code());
      m.put("name", o.name());
      putIf(m, "parent", o.parent());
      m.put("kind", o.kind());
      if (!o.contacts().isEmpty()) m.put("contacts", contactMaps(o.contacts()));
      putIf(m, "merged_into", o.mergedInto());
      if (o.sources() != null) {
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("cidrs", o.sources().cidrs());
        if (!o.sources().tlsNames().isEmpty()) src.put("tls_names", o.sources().tlsNames());
        if (!o.sources().tokens().isEmpty()) src.put("tokens", o.sources().tokens());
        m.put("sources", src);
      }
      orgs.add(m);
    }
    List<Object> systems = new ArrayList<>();
    for (InfoSystem s : d.systems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("name", s.name());
      m.put("org", s.org());
      m.put("level", s.level());
      m.put("type", s.type());
      putIf(m, "operating_unit", s.operatingUnit());
      m.put("addresses", s.addresses());
      if (!s.contacts().isEmpty()) m.put("contacts", contactMaps(s.contacts()));
      systems.add(m);
    }
    root.put("organizations", orgs);
    root.put("systems", systems);
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(120).build();
    return new Dump(settings).dumpToString(root);
  }

  private static List<Object> contactMaps(List<Contact> cs) {
    List<Object> out = new ArrayList<>();
    for (Contact c : cs) {
      Map<String, Object> m = new LinkedHashMap<>();
      putIf(m, "name", c.name());
      putIf(m, "position", c.position());
      putIf(m, "phone", c.phone());
      putIf(m, "email", c.email());
      out.add(m);
    }
    return out;
  }

  private static void putIf(Map<String, Object> m, String k, String v) {
    if (v != null) m.put(k, v);
  }

  // ---- CSV: one table of organisations, one of systems (the first contact of each)

  static final String[] ORG_COLUMNS = {"id", "code", "name", "parent", "kind", "merged_into", "contact_name", "contact_position", "contact_phone",
      "contact_email"};
  static final String[] SYSTEM_COLUMNS = {"id", "name", "org", "level", "type", "operating_unit", "addresses", "contact_name", "contact_position",
      "contact_phone", "contact_email"};

  /**
   * Reads CSV tables (each with a header; a table with a {@code level} column is systems, else
   * organisations); {@code addresses} are separated by spaces.
   *
   * @param tables file name → text
   */
  public static Result parseCsv(Map<String, String> tables) {
    List<OrgException> problems = new ArrayList<>();
    Reader all = new Reader("(csv)");
    for (Map.Entry<String, String> t : tables.entrySet()) {
      Reader r = new Reader(t.getKey());
      try (CSVParser p = CSVParser.parse(new StringReader(t.getValue().replace("\uFEFF", "")),
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get())) {
        List<String> header = p.getHeaderNames();
        boolean systems = header.contains("level");
        Set<String> known = Set.of(systems ? SYSTEM_COLUMNS : ORG_COLUMNS);
        for (String h : header) if (!known.contains(h)) r.problem(new At(1, 0), "unknown column \"" + h + "\" (" + String.join(", ", systems ? SYSTEM_COLUMNS : ORG_COLUMNS) + ")");
        for (CSVRecord rec : p) {
          At at = new At((int) rec.getRecordNumber() + 1, 0, t.getKey());
          String id = r.id(get(rec, "id"), at, systems ? "a system" : "an organisation");
          if (id == null) continue;
          Contact c = r.contact(get(rec, "contact_name"), get(rec, "contact_position"), get(rec, "contact_phone"), get(rec, "contact_email"), at);
          List<Contact> contacts = c == null ? List.of() : List.of(c);
          String name = nfc(get(rec, "name"));
          if (name == null) r.problem(at, id + " needs a name");
          if (systems) {
            Integer level = r.level(get(rec, "level"), at, id);
            String type = r.type(get(rec, "type"), at, id);
            List<String> addresses = new ArrayList<>();
            String a = get(rec, "addresses");
            if (a != null) for (String x : a.split("\\s+")) if (!x.isEmpty() && r.address(x, at, id)) addresses.add(x);
            String org = get(rec, "org");
            if (org == null) r.problem(at, "system " + id + " needs org (its owner)");
            if (level != null && type != null && org != null) {
              all.addSystem(new InfoSystem(id, name, org, level, type, get(rec, "operating_unit"), List.copyOf(addresses), contacts), at);
            }
          } else {
            String kind = r.kind(get(rec, "kind"), at, id);
            all.addOrg(new Organization(id, get(rec, "code"), name, get(rec, "parent"), kind, contacts, get(rec, "merged_into")), at);
          }
        }
      } catch (IOException | IllegalArgumentException | IllegalStateException e) {
        r.problem(new At(0, 0), "CSV: " + e.getMessage());
      }
      problems.addAll(r.problems);
    }
    Result cross = all.finish();
    if (!problems.isEmpty() || !cross.ok()) {
      List<OrgException> out = new ArrayList<>(problems);
      out.addAll(cross.problems());
      return new Result(null, List.copyOf(out));
    }
    return cross;
  }

  private static String get(CSVRecord rec, String column) {
    if (!rec.isMapped(column) || !rec.isSet(column)) return null;
    return blankToNull(unguarded(rec.get(column)));
  }

  /**
   * A cell a spreadsheet would run as a formula (=, +, -, @, a tab or a return first) is written
   * after an apostrophe, as OWASP advises against CSV injection: the export opened in a spreadsheet
   * shows text, and an import takes the apostrophe off again (a phone number's "+84" included).
   */
  static String guarded(String v) {
    return v != null && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
  }

  static String unguarded(String v) {
    return v != null && v.length() > 1 && v.charAt(0) == '\'' && "=+-@\t\r".indexOf(v.charAt(1)) >= 0 ? v.substring(1) : v;
  }

  private static void printGuarded(CSVPrinter p, Object... cells) throws IOException {
    for (Object c : cells) p.print(c instanceof String str ? guarded(str) : c);
    p.println();
  }

  public static String organizationsCsv(OrgDirectory d) {
    StringWriter w = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(ORG_COLUMNS).get())) {
      for (Organization o : d.organizations()) {
        Contact c = o.contacts().isEmpty() ? new Contact(null, null, null, null) : o.contacts().get(0);
        printGuarded(p, o.id(), o.code(), o.name(), o.parent(), o.kind(), o.mergedInto(), c.name(), c.position(), c.phone(), c.email());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return w.toString();
  }

  public static String systemsCsv(OrgDirectory d) {
    StringWriter w = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(SYSTEM_COLUMNS).get())) {
      for (InfoSystem s : d.systems()) {
        Contact c = s.contacts().isEmpty() ? new Contact(null, null, null, null) : s.contacts().get(0);
        printGuarded(p, s.id(), s.name(), s.org(), s.level(), s.type(), s.operatingUnit(), String.join(" ", s.addresses()), c.name(), c.position(),
            c.phone(), c.email());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return w.toString();
  }

  /** An IP address or CIDR network as the collector reads it, or null when it is not one. */
  static vn.soctinh.collector.source.Cidr cidr(String s) {
    String t = s.strip();
    int slash = t.indexOf('/');
    if (!Values.isIp(slash < 0 ? t : t.substring(0, slash))) return null;
    try {
      return vn.soctinh.collector.source.Cidr.parse(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String nfc(String s) {
    return s == null ? null : Normalizer.normalize(s.strip(), Normalizer.Form.NFC);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
