package vn.soctinh.analyzer.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

/** The organisation file: the shipped example, lookups, merge, every kind of mistake with its line, YAML and CSV round trips. */
class OrgFileTest {
  private static final Path EXAMPLE = Path.of("../deploy/org.example.yml");

  static OrgDirectory example() throws Exception {
    OrgFile.Result r = OrgFile.parseYaml(Files.readString(EXAMPLE), EXAMPLE.toString());
    assertTrue(r.ok(), r.problems().toString());
    return r.directory();
  }

  @Test
  void theExampleLoadsAndAnswers() throws Exception {
    OrgDirectory d = example();
    assertEquals(5, d.organizations().size());
    assertEquals(4, d.systems().size());
    assertEquals("Sở Khoa học và Công nghệ", d.organization("so-khcn").name());
    assertEquals("Trần Thị Bình", d.system("cong-dvc").contacts().get(0).name());
    assertEquals(Set.of("so-khcn", "ttcds"), d.subtree("so-khcn"));
    assertEquals(5, d.subtree("tinh-thu-nghiem").size());
    assertEquals(List.of("tinh-thu-nghiem", "so-khcn", "ttcds"), d.path("ttcds").stream().map(Organization::id).toList());
  }

  @Test
  void anEventFindsItsSystem() throws Exception {
    OrgDirectory d = example();
    assertEquals("cong-dvc", d.systemFor(new Event().put("destination.ip", "10.10.1.10")).id(), "exact address");
    assertEquals("qlvb", d.systemFor(new Event().put("destination.ip", "10.10.2.77")).id(), "the /24 beats the /16");
    assertEquals("ttdl", d.systemFor(new Event().put("source.ip", "10.10.9.9")).id(), "the data centre's /16");
    assertEquals("cong-dvc", d.systemFor(new Event().put("url.domain", "www.dichvucong.thunghiem.gov.vn")).id(), "a sub-domain");
    assertEquals("cong-dvc", d.systemFor(new Event().put("url.domain", "motcua.thunghiem.gov.vn")).id(), "the host of a URL");
    assertEquals("ke-toan-stc", d.systemFor(new Event().put("host.name", "KETOAN-STC").put("destination.ip", "10.10.1.10")).id(),
        "the host first");
    assertNull(d.systemFor(new Event().put("destination.ip", "192.0.2.1").put("url.domain", "thunghiem.gov.vn")));
  }

  @Test
  void enrichmentNamesTheAgencyAndTheSystem() throws Exception {
    OrgDirectory d = example();
    Event e = new Event().put("organization.id", "so-tai-chinh").put("destination.ip", "10.10.1.10");
    new OrgEnrichment(d).process(List.of(e));
    assertEquals("so-tai-chinh", e.get("organization.id"), "a recognised sender's event stays its agency's");
    assertEquals("Sở Tài chính", e.get("organization.name"));
    assertEquals("cong-dvc", e.get("labels.system_id"), "a recognised sender is believed about the system");
    assertEquals("3", e.get("labels.security_level"));
    Event other = new Event().put("organization.id", "so-tai-chinh").put("destination.ip", "198.51.100.1");
    new OrgEnrichment(d).process(List.of(other));
    assertEquals("Sở Tài chính", other.get("organization.name"));
    assertFalse(other.has("labels.system_id"));
  }

  /** The attack: reach a listener from anywhere, name a system, and put events (and P1 incidents) in its owner's view. */
  @Test
  void anUnrecognisedSenderNamingASystemStaysUnassignedWithNoLevel() throws Exception {
    OrgDirectory d = example();
    Event named = new Event().put("organization.id", "unassigned").put("host.name", "ketoan-stc").put("destination.ip", "10.10.1.10")
        .put("log.source.address", "198.51.100.66:40000");
    new OrgEnrichment(d).process(List.of(named));
    assertEquals("unassigned", named.get("organization.id"));
    assertFalse(named.has("labels.system_id"));
    assertFalse(named.has("labels.security_level"), "no level: the alert's priority cannot be raised by a claim");
    assertEquals("ke-toan-stc", named.get(OrgEnrichment.CLAIMED_SYSTEM), "the claim is kept, as a claim");

    // the collector's own fact (the peer address is the system's) is believed
    Event fromTheSystem = new Event().put("organization.id", "unassigned").put("host.name", "whatever")
        .put("log.source.address", "10.10.1.10:514");
    new OrgEnrichment(d).process(List.of(fromTheSystem));
    assertEquals("so-khcn", fromTheSystem.get("organization.id"), "sent from the system's own address: its owner's");
    assertEquals("cong-dvc", fromTheSystem.get("labels.system_id"));
    assertFalse(fromTheSystem.has(OrgEnrichment.CLAIMED_SYSTEM));

    // a drill's line, marked because it came from an injector, is SOC Tỉnh's own and is attributed
    Event drill = new Event().put("organization.id", "unassigned").put("host.name", "ketoan-stc").put("labels.drill_id", "DR-1")
        .put("log.source.address", "127.0.0.1:40000");
    new OrgEnrichment(d).process(List.of(drill));
    assertEquals("so-tai-chinh", drill.get("organization.id"));
    assertEquals("2", drill.get("labels.security_level"));
  }

  @Test
  void aMergedAgencyKeepsItsSystemsUnderItsNewParent() throws Exception {
    OrgDirectory d = example().merge("so-tai-chinh", "so-khcn");
    assertEquals("so-khcn", d.organization("so-tai-chinh").mergedInto());
    assertEquals("so-khcn", d.organization("so-tai-chinh").parent());
    assertTrue(d.subtree("so-khcn").contains("so-tai-chinh"));
    assertEquals("so-tai-chinh", d.system("ke-toan-stc").org(), "its systems and history stay its own");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.merge("so-khcn", "ttcds"));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    // the merge survives an export and an import
    OrgFile.Result again = OrgFile.parseYaml(OrgFile.toYaml(d), "export.yml");
    assertTrue(again.ok(), again.problems().toString());
    assertEquals("so-khcn", again.directory().organization("so-tai-chinh").mergedInto());
  }

  @Test
  void namesAreStoredInNfc() {
    String decomposed = Normalizer.normalize("Sở Nội vụ", Normalizer.Form.NFD);
    OrgFile.Result r = OrgFile.parseYaml("organizations:\n  - {id: snv, name: \"" + decomposed + "\"}\n", "nfd.yml");
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(Normalizer.normalize("Sở Nội vụ", Normalizer.Form.NFC), r.directory().organization("snv").name());
  }

  @Test
  void everyMistakeIsReportedWithItsLineAndNothingLoads() {
    String yaml = String.join("\n",
        "organizations:",
        "  - id: tinh",                                   // 2
        "    name: Tỉnh",
        "  - id: so-a",                                   // 4
        "    name: Sở A",
        "    parent: khong-co",                           // 6: unknown parent
        "  - id: tinh",                                   // 7: duplicate
        "    name: again",
        "  - id: Bad Id",                                 // 9: bad id
        "    name: x",
        "  - id: vong-1",
        "    name: v1",
        "    parent: vong-2",                             // 13: cycle
        "  - id: vong-2",
        "    name: v2",
        "    parent: vong-1",                             // 16: cycle
        "    colour: red",                                // 17: unknown key
        "systems:",
        "  - id: s1",
        "    name: S1",
        "    org: tinh",
        "    level: 7",                                   // 22: bad level
        "    type: portal",
        "  - id: s2",
        "    name: S2",
        "    org: nobody",                                // 26: unknown owner
        "    level: 2",
        "    type: spaceship",                            // 28: bad type
        "    addresses: [10.0.0.1/40, 'not a host']",     // 29: two bad addresses
        "    contacts: [{name: X, email: not-an-email}]", // 30: bad email
        "");
    OrgFile.Result r = OrgFile.parseYaml(yaml, "org.yml");
    assertNull(r.directory());
    Map<Integer, String> byLine = new LinkedHashMap<>();
    for (OrgException e : r.problems()) byLine.merge(e.line(), e.getMessage(), (a, b) -> a + " | " + b);
    String all = r.problems().stream().map(OrgException::toString).collect(Collectors.joining("\n"));
    assertTrue(byLine.getOrDefault(6, "").contains("parent khong-co"), all);
    assertTrue(byLine.getOrDefault(7, "").contains("appears twice"), all);
    assertTrue(byLine.getOrDefault(9, "").contains("lower-case"), all);
    assertTrue(byLine.getOrDefault(13, "").contains("circle") || byLine.getOrDefault(16, "").contains("circle"), all);
    assertTrue(byLine.getOrDefault(17, "").contains("unknown field \"colour\""), all);
    assertTrue(byLine.getOrDefault(22, "").contains("level must be 1 to 5"), all);
    assertTrue(byLine.getOrDefault(28, "").contains("spaceship"), all);
    assertTrue(byLine.getOrDefault(29, "").contains("10.0.0.1/40") && byLine.get(29).contains("not a host"), all);
    assertTrue(byLine.getOrDefault(30, "").contains("not-an-email"), all);
    assertTrue(all.startsWith("org.yml:"), all);
  }

  @Test
  void badYamlSaysWhere() {
    OrgFile.Result r = OrgFile.parseYaml("organizations:\n  - {id: a, name: [unclosed\n", "broken.yml");
    assertFalse(r.ok());
    assertTrue(r.problems().get(0).line() >= 2, r.problems().toString());
    assertTrue(r.problems().get(0).toString().startsWith("broken.yml:"), r.problems().toString());
  }

  @Test
  void aCsvExportRunsNoFormulaAndComesBackTheSame() throws Exception {
    OrgDirectory d = OrgFile.parseYaml("organizations:\n  - id: so-a\n    name: \"=HYPERLINK(\\\"http://x\\\")\"\n    kind: department\n"
        + "    contacts:\n      - {name: An, phone: \"+84 200 3812 345\"}\n", "t.yml").directory();
    String csv = OrgFile.organizationsCsv(d);
    assertFalse(csv.contains(",=HYPERLINK") || csv.contains(",\"=HYPERLINK"), "no cell starts with a formula: " + csv);
    assertTrue(csv.contains("'=HYPERLINK") && csv.contains("'+84 200 3812 345"), csv);
    OrgFile.Result back = OrgFile.parseCsv(java.util.Map.of("organizations.csv", csv, "systems.csv", OrgFile.systemsCsv(d)));
    assertTrue(back.ok(), back.problems().toString());
    assertEquals("=HYPERLINK(\"http://x\")", back.directory().organization("so-a").name(), "the import takes the guard off");
    assertEquals("+84 200 3812 345", back.directory().organization("so-a").contacts().get(0).phone());
  }

  @Test
  void yamlAndCsvRoundTrip() throws Exception {
    OrgDirectory d = example();
    OrgFile.Result yaml = OrgFile.parseYaml(OrgFile.toYaml(d), "again.yml");
    assertTrue(yaml.ok(), yaml.problems().toString());
    assertEquals(List.copyOf(d.organizations()), List.copyOf(yaml.directory().organizations()));
    assertEquals(List.copyOf(d.systems()), List.copyOf(yaml.directory().systems()));

    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("organizations.csv", OrgFile.organizationsCsv(d));
    tables.put("systems.csv", OrgFile.systemsCsv(d));
    OrgFile.Result csv = OrgFile.parseCsv(tables);
    assertTrue(csv.ok(), csv.problems().toString());
    assertEquals(List.copyOf(d.systems()), List.copyOf(csv.directory().systems()), "one contact each in the example: nothing lost");
    assertEquals(d.organization("so-khcn"), csv.directory().organization("so-khcn"));
    assertTrue(tables.get("systems.csv").contains("\"Cổng dịch vụ công tỉnh\"") || tables.get("systems.csv").contains("Cổng dịch vụ công tỉnh"));
  }

  @Test
  void csvMistakesNameTheFileAndLine() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("orgs.csv", "id,name,parent\ntinh,Tỉnh,\nso-x,\"Sở X, Y\",tinh\n");
    tables.put("systems.csv", "id,name,org,level,type,addresses\ns1,S1,tinh,3,portal,10.0.0.1 portal.example\ns2,S2,so-x,9,portal,\ns3,S3,nobody,2,server,\n");
    OrgFile.Result r = OrgFile.parseCsv(tables);
    String all = r.problems().toString();
    assertFalse(r.ok());
    assertTrue(r.problems().stream().anyMatch(e -> e.file().equals("systems.csv") && e.line() == 3 && e.getMessage().contains("level")), all);
    assertTrue(r.problems().stream().anyMatch(e -> e.file().equals("systems.csv") && e.line() == 4 && e.getMessage().contains("nobody")), all);
    tables.put("systems.csv", "id,name,org,level,type,addresses\ns1,S1,tinh,3,portal,10.0.0.1 portal.example\n");
    OrgFile.Result ok = OrgFile.parseCsv(tables);
    assertTrue(ok.ok(), ok.problems().toString());
    assertEquals("Sở X, Y", ok.directory().organization("so-x").name(), "quoted commas");
    assertEquals(List.of("10.0.0.1", "portal.example"), ok.directory().system("s1").addresses());
  }

  @Test
  void sourcesAreCheckedAndBecomeTheCollectorsRows() {
    String good = "organizations:\n  - id: so-a\n    name: Sở A\n    sources: {cidrs: [10.1.0.0/16, 2001:db8::1], tls_names: [log.so-a.gov.vn], "
        + "tokens: [abcdefghijklmnop0123]}\n";
    OrgFile.Result r = OrgFile.parseYaml(good, "s.yml");
    assertTrue(r.ok(), r.problems().toString());
    var rows = r.directory().sourceEntries();
    assertEquals(1, rows.size());
    assertEquals("so-a", rows.get(0).agency());
    assertEquals(List.of("10.1.0.0/16", "2001:db8::1"), rows.get(0).cidrs());
    assertEquals(List.of("log.so-a.gov.vn"), rows.get(0).tlsNames());
    OrgFile.Result again = OrgFile.parseYaml(OrgFile.toYaml(r.directory()), "again.yml");
    assertEquals(r.directory().sourceEntries(), again.directory().sourceEntries(), "kept through an export");
    OrgFile.Result bad = OrgFile.parseYaml("organizations:\n  - id: so-a\n    name: Sở A\n    sources: {cidrs: [10.1.0.0/33], tokens: [short]}\n", "b.yml");
    String all = bad.problems().toString();
    assertTrue(all.contains("b.yml:4:") && all.contains("10.1.0.0/33") && all.contains("at least 16 characters"), all);
  }

  @Test
  void theWrittenFileCarriesItsFormatAndOneOfALaterReleaseIsRefusedWithItsLine() throws Exception {
    String written = OrgFile.toYaml(example());
    assertTrue(written.startsWith("format: " + OrgFile.FORMAT + "\n"), written);
    assertTrue(OrgFile.parseYaml(written, "directory.yml").ok(), "read back");
    String later = written.replace("format: " + OrgFile.FORMAT, "format: " + (OrgFile.FORMAT + 1));
    OrgFile.Result r = OrgFile.parseYaml(later, "directory.yml");
    assertFalse(r.ok());
    OrgException problem = r.problems().get(0);
    assertEquals(List.of("directory.yml", 1, 9), List.of(problem.file(), problem.line(), problem.column()), problem.toString());
    assertTrue(problem.getMessage().contains("format " + (OrgFile.FORMAT + 1) + " is newer than this release"), problem.toString());
  }
}
