package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.soctinh.analyzer.event.Event;

/** Every modifier and condition form, one row each: a detection, an event, whether it matches. */
class SigmaSemanticsTest {
  private static final SigmaRuleParser PARSER = new SigmaRuleParser(SigmaMapping.empty(),
      Map.of("admins", List.of("root", "admin")));

  static SigmaRule rule(String detection) {
    String yaml = "title: t\nlogsource: {product: linux}\ndetection:\n" + detection.indent(2);
    SigmaRuleParser.FileResult r = PARSER.parse(yaml, "test.yml");
    assertTrue(r.errors().isEmpty(), () -> r.errors().toString());
    return r.rules().get(0);
  }

  private static Event ev(Object... kv) {
    Event e = new Event();
    for (int i = 0; i < kv.length; i += 2) e.put((String) kv[i], kv[i + 1]);
    return e;
  }

  private static String b64(String s, java.nio.charset.Charset cs) {
    return Base64.getEncoder().encodeToString(s.getBytes(cs));
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("exact, case-insensitive", "sel: {user.name: Root}\ncondition: sel", ev("user.name", "root"), true),
        row("exact is whole-value", "sel: {user.name: root}\ncondition: sel", ev("user.name", "rootkit"), false),
        row("cased", "sel: {user.name|cased: Root}\ncondition: sel", ev("user.name", "root"), false),
        row("cased exact", "sel: {user.name|cased: Root}\ncondition: sel", ev("user.name", "Root"), true),
        row("wildcard *", "sel: {process.executable: '*/bin/*sh'}\ncondition: sel", ev("process.executable", "/usr/bin/bash"), true),
        row("wildcard ?", "sel: {user.name: 'ro?t'}\ncondition: sel", ev("user.name", "ROOT"), true),
        row("escaped * is literal", "sel: {message: 'a\\*b'}\ncondition: sel", ev("message", "axxb"), false),
        row("escaped * matches a star", "sel: {message: 'a\\*b'}\ncondition: sel", ev("message", "a*b"), true),
        row("backslash before a letter is literal, \\\\ then * is a wildcard", "sel: {file.path: 'C:\\Windows\\\\*'}\ncondition: sel",
            ev("file.path", "c:\\windows\\system32"), true),
        row("backslash then * is a literal star", "sel: {file.path: 'C:\\Windows\\*'}\ncondition: sel", ev("file.path", "c:\\windows\\system32"), false),
        row("contains", "sel: {message|contains: 'Failed password'}\ncondition: sel", ev("message", "x failed PASSWORD for y"), true),
        row("startswith", "sel: {url.original|startswith: /admin}\ncondition: sel", ev("url.original", "/admin/login"), true),
        row("startswith misses", "sel: {url.original|startswith: /admin}\ncondition: sel", ev("url.original", "/x/admin"), false),
        row("endswith", "sel: {file.path|endswith: .php}\ncondition: sel", ev("file.path", "/var/www/shell.PHP"), true),
        row("list is OR", "sel: {user.name: [alice, bob]}\ncondition: sel", ev("user.name", "bob"), true),
        row("contains|all needs every value", "sel: {url.original|contains|all: [union, select]}\ncondition: sel", ev("url.original", "/?q=union+all"), false),
        row("contains|all with every value", "sel: {url.original|contains|all: [union, select]}\ncondition: sel", ev("url.original", "/?q=UNION+SELECT"), true),
        row("map is AND", "sel: {user.name: root, event.outcome: failure}\ncondition: sel", ev("user.name", "root", "event.outcome", "success"), false),
        row("list of maps is OR", "sel:\n  - {user.name: root}\n  - {event.outcome: failure}\ncondition: sel", ev("user.name", "x", "event.outcome", "failure"), true),
        row("null matches a missing field", "sel: {user.name: null}\ncondition: sel", ev("message", "m"), true),
        row("null misses a present field", "sel: {user.name: null}\ncondition: sel", ev("user.name", "root"), false),
        row("exists true", "sel: {user.name|exists: true}\ncondition: sel", ev("user.name", "root"), true),
        row("exists false", "sel: {user.name|exists: false}\ncondition: sel", ev("message", "m"), true),
        row("number equals number", "sel: {event.code: 4625}\ncondition: sel", ev("event.code", 4625L), true),
        row("number equals numeric string", "sel: {event.code: 4625}\ncondition: sel", ev("event.code", "4625"), true),
        row("number is not a prefix", "sel: {event.code: 462}\ncondition: sel", ev("event.code", "4625"), false),
        row("gt", "sel: {destination.port|gt: 1024}\ncondition: sel", ev("destination.port", 3389L), true),
        row("gte boundary", "sel: {destination.port|gte: 1024}\ncondition: sel", ev("destination.port", 1024L), true),
        row("lt on a string number", "sel: {http.response.status_code|lt: 400}\ncondition: sel", ev("http.response.status_code", "404"), false),
        row("lte", "sel: {source.bytes|lte: 10}\ncondition: sel", ev("source.bytes", 10L), true),
        row("re finds anywhere", "sel: {url.original|re: 'union\\s+select'}\ncondition: sel", ev("url.original", "/a?x=union  select"), true),
        row("re is cased by default", "sel: {url.original|re: 'union\\s+select'}\ncondition: sel", ev("url.original", "UNION SELECT"), false),
        row("re|i", "sel: {url.original|re|i: 'union\\s+select'}\ncondition: sel", ev("url.original", "UNION SELECT"), true),
        row("re|m anchors per line", "sel: {message|re|m: '^root$'}\ncondition: sel", ev("message", "a\nroot\nb"), true),
        row("re|s dot matches newline", "sel: {message|re|s: 'a.b'}\ncondition: sel", ev("message", "a\nb"), true),
        row("re without s", "sel: {message|re: 'a.b'}\ncondition: sel", ev("message", "a\nb"), false),
        row("cidr v4", "sel: {source.ip|cidr: 10.0.0.0/8}\ncondition: sel", ev("source.ip", "10.200.3.4"), true),
        row("cidr v4 outside", "sel: {source.ip|cidr: 10.0.0.0/8}\ncondition: sel", ev("source.ip", "11.0.0.1"), false),
        row("cidr v6", "sel: {source.ip|cidr: '2001:db8::/32'}\ncondition: sel", ev("source.ip", "2001:db8:1::5"), true),
        row("cidr v6 does not hold v4", "sel: {source.ip|cidr: '::/0'}\ncondition: sel", ev("source.ip", "10.0.0.1"), false),
        row("cidr list", "sel: {source.ip|cidr: [192.168.0.0/16, 172.16.0.0/12]}\ncondition: sel", ev("source.ip", "172.20.1.1"), true),
        row("base64 exact", "sel: {message|base64: 'whoami'}\ncondition: sel", ev("message", b64("whoami", java.nio.charset.StandardCharsets.UTF_8)), true),
        row("base64|contains", "sel: {process.command_line|base64|contains: 'http://'}\ncondition: sel",
            ev("process.command_line", "powershell -enc " + b64("http://", java.nio.charset.StandardCharsets.UTF_8) + "xyz"), true),
        row("base64offset offset 0", "sel: {process.command_line|base64offset|contains: 'iex'}\ncondition: sel",
            ev("process.command_line", Base64.getEncoder().encodeToString("iex (new".getBytes())), true),
        row("base64offset offset 1", "sel: {process.command_line|base64offset|contains: 'iex'}\ncondition: sel",
            ev("process.command_line", Base64.getEncoder().encodeToString("xiex (new".getBytes())), true),
        row("base64offset offset 2", "sel: {process.command_line|base64offset|contains: 'iex'}\ncondition: sel",
            ev("process.command_line", Base64.getEncoder().encodeToString("xyiex (new".getBytes())), true),
        row("base64offset not present", "sel: {process.command_line|base64offset|contains: 'iex'}\ncondition: sel",
            ev("process.command_line", Base64.getEncoder().encodeToString("xyzabc (new".getBytes())), false),
        row("utf16le|base64offset", "sel: {process.command_line|utf16le|base64offset|contains: 'Invoke'}\ncondition: sel",
            ev("process.command_line", Base64.getEncoder().encodeToString("aInvoke-Expression".getBytes(java.nio.charset.StandardCharsets.UTF_16LE))), true),
        row("wide = utf16le", "sel: {process.command_line|wide|base64: 'ls'}\ncondition: sel",
            ev("process.command_line", b64("ls", java.nio.charset.StandardCharsets.UTF_16LE)), true),
        row("utf16be", "sel: {process.command_line|utf16be|base64: 'ls'}\ncondition: sel",
            ev("process.command_line", b64("ls", java.nio.charset.StandardCharsets.UTF_16BE)), true),
        row("windash after a space", "sel: {process.command_line|windash|contains: ' -enc '}\ncondition: sel", ev("process.command_line", "powershell /enc abc"), true),
        row("windash slash at option start", "sel: {process.command_line|windash|contains: '-enc'}\ncondition: sel", ev("process.command_line", "powershell /enc abc"), true),
        row("windash en dash", "sel: {process.command_line|windash|contains: '-enc'}\ncondition: sel", ev("process.command_line", "powershell \u2013enc abc"), true),
        row("windash|all: any variant of each value", "sel: {process.command_line|windash|contains|all: ['-a', '-b']}\ncondition: sel",
            ev("process.command_line", "cmd /a \u2013b"), true),
        row("windash|all still needs each value", "sel: {process.command_line|windash|contains|all: ['-a', '-b']}\ncondition: sel",
            ev("process.command_line", "cmd /a /c"), false),
        row("many contains values, one found", "sel: {url.original|contains: [union, select, '../', '<script', 'etc/passwd']}\ncondition: sel",
            ev("url.original", "/x?f=..%2f../ETC/PASSWD"), true),
        row("many contains values, overlapping, none whole", "sel: {url.original|contains: [abcd, bce, cdx]}\ncondition: sel",
            ev("url.original", "xabcbcex"), true),
        row("many contains values, near misses", "sel: {url.original|contains: [abcd, bce, cdx]}\ncondition: sel",
            ev("url.original", "abcabcbcbcdcd"), false),
        row("many exact values", "sel: {user.name: [alice, bob, carol, dave, Eve]}\ncondition: sel", ev("user.name", "EVE"), true),
        row("many exact values miss", "sel: {user.name: [alice, bob, carol, dave, eve]}\ncondition: sel", ev("user.name", "evil"), false),
        row("windash keeps inner dashes", "sel: {process.command_line|windash: 'a-b'}\ncondition: sel", ev("process.command_line", "a/b"), false),
        row("expand placeholder", "sel: {user.name|expand: '%admins%'}\ncondition: sel", ev("user.name", "admin"), true),
        row("fieldref equal", "sel: {source.ip|fieldref: destination.ip}\ncondition: sel", ev("source.ip", "10.0.0.1", "destination.ip", "10.0.0.1"), true),
        row("fieldref differs", "sel: {source.ip|fieldref: destination.ip}\ncondition: sel", ev("source.ip", "10.0.0.1", "destination.ip", "10.0.0.2"), false),
        row("keywords", "kw: ['Accepted password', 'Accepted publickey']\ncondition: kw", ev("message", "Accepted publickey for bob"), true),
        row("keywords miss", "kw: ['Accepted password']\ncondition: kw", ev("message", "Failed password"), false),
        row("keywords fall back to event.original", "kw: ['segfault']\ncondition: kw", ev("event.original", "kernel: segfault at 0"), true),
        row("list-valued field", "sel: {tags: suspicious}\ncondition: sel", ev("tags.x", "y", "related.user", List.of("a", "b")).put("tags", List.of("a", "suspicious")), true),
        row("instant field as text", "sel: {'@timestamp|startswith': '2026-11-23'}\ncondition: sel", ev("@timestamp", Instant.parse("2026-11-23T01:00:00Z")), true),
        row("and not", "a: {user.name: root}\nb: {source.ip: 10.0.0.1}\ncondition: a and not b", ev("user.name", "root", "source.ip", "10.0.0.2"), true),
        row("precedence: not > and > or", "a: {x: 1}\nb: {y: 1}\nc: {z: 1}\ncondition: a or b and c", ev("x", "1"), true),
        row("parentheses", "a: {x: 1}\nb: {y: 1}\nc: {z: 1}\ncondition: (a or b) and c", ev("x", "1"), false),
        row("1 of x*", "sel_a: {x: 1}\nsel_b: {y: 1}\ncondition: 1 of sel_*", ev("y", "1"), true),
        row("all of x*", "sel_a: {x: 1}\nsel_b: {y: 1}\ncondition: all of sel_*", ev("y", "1"), false),
        row("not 1 of", "sel_a: {x: 1}\nsel_b: {y: 1}\nmain: {z: 1}\ncondition: main and not 1 of sel_*", ev("z", "1", "y", "2"), true),
        row("1 of them", "a: {x: 1}\nb: {y: 1}\ncondition: 1 of them", ev("x", "1"), true),
        row("all of them", "a: {x: 1}\nb: {y: 1}\ncondition: all of them", ev("x", "1", "y", "1"), true),
        row("them skips _identifiers", "a: {x: 1}\n_filter: {y: 1}\ncondition: all of them", ev("x", "1"), true),
        row("condition list is OR", "a: {x: 1}\nb: {y: 1}\ncondition: [a, b]", ev("y", "1"), true),
        row("winlog event data by Sigma name", "sel: {winlog.event_data.TargetUserName: admin}\ncondition: sel",
            ev("winlog.event_data", Map.of("TargetUserName", "Admin")), true));
  }

  private static Arguments row(String name, String detection, Event e, boolean expected) {
    return Arguments.of(name, detection, e, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void detectionSemantics(String name, String detection, Event e, boolean expected) {
    assertEquals(expected, rule(detection).matches(e), name + "\n" + detection + "\n" + e);
  }

  /** The same rows through the compiled path: fields in an index, every {@code contains} value in an automaton. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void compiledSemantics(String name, String detection, Event e, boolean expected) {
    SigmaRule r = rule(detection);
    MatchIndex index = MatchIndex.link(List.of(r), 1);
    EventView view = new EventView(index);
    view.reset(new Event().put("message", "an event before, to exercise the reuse of the view"));
    r.matches(view);
    assertEquals(expected, r.matches(view.reset(e)), name + "\n" + detection + "\n" + e);
  }
}
