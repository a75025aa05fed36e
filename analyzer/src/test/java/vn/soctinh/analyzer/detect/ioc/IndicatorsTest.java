package vn.soctinh.analyzer.detect.ioc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;

/** Indicator lists from CSV, STIX 2.1 and MISP; matching of addresses, networks, domains, URLs and hashes. */
class IndicatorsTest {
  @TempDir Path dir;

  @Test
  void csvStixAndMispLoadAndBadLinesAreReportedNotFatal() throws Exception {
    Files.writeString(dir.resolve("vncert.csv"), String.join("\n",
        "type,value,feed",
        "# a comment",
        "ip,198.51.100.7",
        "cidr,203.0.113.0/24,apt-list",
        "cidr,203.0.113.128/25,apt-list-narrow",
        "domain,evil.example",
        "sha256,E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "ip,not-an-ip",
        "colour,red",
        ""));
    Files.writeString(dir.resolve("bundle.json"), """
        {"type":"bundle","id":"bundle--1","objects":[
          {"type":"indicator","id":"indicator--1","name":"C2 server","pattern":"[ipv4-addr:value = '192.0.2.66']","pattern_type":"stix"},
          {"type":"indicator","id":"indicator--2","name":"phishing","pattern":"[domain-name:value = 'login-dichvucong.example']","pattern_type":"stix"},
          {"type":"indicator","id":"indicator--3","name":"dropper","pattern":"[file:hashes.'SHA-256' = 'aa11bb22cc33dd44ee55ff6677889900aa11bb22cc33dd44ee55ff6677889900']","pattern_type":"stix"},
          {"type":"indicator","id":"indicator--4","name":"complex","pattern":"[process:name = 'x.exe'] FOLLOWEDBY [ipv4-addr:value > '1.2.3.4']","pattern_type":"stix"},
          {"type":"malware","id":"malware--1","name":"not an indicator"}
        ]}""");
    Files.writeString(dir.resolve("misp.json"), """
        {"Event":{"info":"MISP ransomware","Attribute":[
          {"type":"url","value":"http://203.0.113.200/payload.exe"},
          {"type":"ip-dst|port","value":"192.0.2.99|8443"},
          {"type":"comment","value":"ignored"}
        ]}}""");
    Indicators ind = Indicators.load(List.of(dir));
    assertEquals(3, ind.problems().size(), ind.problems().toString());
    assertTrue(ind.problems().get(0).toString().contains("bundle.json objects[3]"), ind.problems().toString());
    assertTrue(ind.problems().stream().anyMatch(p -> p.line() == 8 && p.message().contains("not an IP")));
    assertTrue(ind.problems().stream().anyMatch(p -> p.line() == 9 && p.message().contains("unknown indicator type \"colour\"")));
    assertEquals(10, ind.size(), "5 from the CSV, 3 from STIX, 2 from MISP");
    assertEquals("vncert", ind.ip("198.51.100.7").feed());
    assertEquals("apt-list", ind.ip("203.0.113.5").feed());
    assertEquals("apt-list-narrow", ind.ip("203.0.113.200").feed(), "the longest network wins");
    assertNull(ind.ip("203.0.114.1"));
    assertEquals("C2 server", ind.ip("192.0.2.66").feed());
    assertEquals("MISP ransomware", ind.ip("192.0.2.99").feed());
    assertEquals("evil.example", ind.domain("cdn.EVIL.example").value(), "sub-domains match");
    assertNull(ind.domain("notevil.example"));
    assertEquals("phishing", ind.domain("login-dichvucong.example").feed());
    assertEquals("dropper", ind.hash("AA11BB22CC33DD44EE55FF6677889900AA11BB22CC33DD44EE55FF6677889900").feed());
    assertEquals("vncert", ind.hash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").feed());
    assertEquals("MISP ransomware", ind.url("http://203.0.113.200/payload.exe").feed());
  }

  /** The shipped example feed opens with comments, then its header: it loads whole, with no problem. */
  @Test
  void aHeaderAfterCommentsIsAHeaderAndTheShippedFeedLoads() throws Exception {
    Indicators ind = new Indicators();
    ind.loadCsv("# a feed\n# of the example ranges\n\ntype,value,feed\nip,192.0.2.9,x\n", "commented.csv", "d");
    assertEquals(List.of(), ind.problems());
    assertEquals(1, ind.size());
    Indicators shipped = new Indicators();
    shipped.loadCsv(Files.readString(Path.of("../rules/ioc/example-feed.csv")), "example-feed.csv", "example");
    assertEquals(List.of(), shipped.problems(), "the shipped feed loads without a problem");
    assertTrue(shipped.size() >= 2, "its indicators are loaded");
    // a second "type,..." line is data, and a wrong one is reported
    Indicators twice = new Indicators();
    twice.loadCsv("type,value\ntype,value\n", "twice.csv", "d");
    assertEquals(1, twice.problems().size());
  }

  @Test
  void aMatchingEventGetsThreatFields() {
    Indicators ind = new Indicators();
    ind.add("cidr", "2001:db8:bad::/48", "v6-list", "t", 1);
    ind.add("domain", "malware.example", "dns-list", "t", 2);
    IocMatcher m = new IocMatcher(ind);
    Event e = new Event().put("source.ip", "10.0.0.5").put("destination.ip", "2001:db8:bad::1");
    assertEquals(1, m.match(e).size());
    assertEquals("2001:db8:bad::/48", e.get("threat.indicator.name"));
    assertEquals("destination.ip", e.get("threat.indicator.matched.field"));
    assertEquals("v6-list", e.get("threat.feed.name"));
    Event dns = new Event().put("dns.question.name", "update.malware.example");
    assertEquals("dns.question.name", m.match(dns).get(0).field());
    assertTrue(m.match(new Event().put("source.ip", "10.0.0.5")).isEmpty());
  }

  @Test
  void aMillionIndicatorsLoadAndStillAnswer() {
    Indicators ind = new Indicators();
    for (int i = 0; i < 1_000_000; i++) ind.add("ip", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "big", "t", i);
    ind.add("cidr", "172.16.0.0/12", "big", "t", 0);
    assertEquals(1_000_001, ind.size());
    assertEquals("10.3.2.1", ind.ip("10.3.2.1").value());
    assertEquals("172.16.0.0/12", ind.ip("172.20.1.1").value());
    assertNull(ind.ip("192.168.1.1"));
  }

  /** A hit's alert level comes from the list: a CSV column, STIX confidence, MISP threat level; high when it does not say. */
  @Test
  void eachListSaysHowSeriousAHitIs() throws Exception {
    Files.writeString(dir.resolve("levels.csv"), String.join("\n",
        "ip,192.0.2.1,national-cert,critical",
        "ip,192.0.2.2,community",
        "ip,192.0.2.3,community,extreme",
        ""));
    Files.writeString(dir.resolve("stix.json"), """
        {"type":"bundle","id":"bundle--2","objects":[
          {"type":"indicator","id":"indicator--9","name":"weak","confidence":20,"pattern":"[ipv4-addr:value = '192.0.2.9']","pattern_type":"stix"},
          {"type":"indicator","id":"indicator--8","name":"strong","confidence":90,"pattern":"[ipv4-addr:value = '192.0.2.8']","pattern_type":"stix"}
        ]}""");
    Files.writeString(dir.resolve("misp.json"), """
        {"Event":{"info":"MISP medium","threat_level_id":"2","Attribute":[{"type":"ip-dst","value":"192.0.2.20"}]}}""");
    Indicators ind = Indicators.load(List.of(dir));
    assertEquals("critical", ind.ip("192.0.2.1").level());
    assertEquals("high", ind.ip("192.0.2.2").level());
    assertNull(ind.ip("192.0.2.3"), "an unknown level is refused");
    assertTrue(ind.problems().stream().anyMatch(p -> p.toString().contains("levels.csv") && p.toString().contains("extreme")), ind.problems().toString());
    assertEquals("low", ind.ip("192.0.2.9").level());
    assertEquals("critical", ind.ip("192.0.2.8").level());
    assertEquals("medium", ind.ip("192.0.2.20").level());
  }
}
