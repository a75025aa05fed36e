package vn.soctinh.analyzer.parse.auditd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;

class AuditdParserTest {

  private static List<Event> parseAll(String... lines) {
    EventParser p = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(),
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    List<Event> out = new ArrayList<>();
    for (String l : lines) p.parse(RawRecord.ofInput(l.getBytes(UTF_8), Instant.parse("2026-11-23T05:00:00Z"), "t", "so-tttt"), out::add);
    return out;
  }

  @Test
  void recordsOfOneEventAreJoinedBySerial() {
    List<Event> ev = parseAll(
        "type=SYSCALL msg=audit(1763866800.123:4242): arch=c000003e syscall=59 success=yes exit=0 ppid=1200 pid=1234 auid=1000 uid=0 "
            + "euid=0 comm=\"wget\" exe=\"/usr/bin/wget\" key=\"exec\"",
        "type=EXECVE msg=audit(1763866800.123:4242): argc=3 a0=\"wget\" a1=\"-O\" a2=2F746D702F782E7368",
        "type=CWD msg=audit(1763866800.123:4242): cwd=\"/var/www\"",
        "type=PATH msg=audit(1763866800.123:4242): item=0 name=\"/usr/bin/wget\" inode=1 nametype=NORMAL",
        "type=PROCTITLE msg=audit(1763866800.123:4242): proctitle=77676574002D4F002F746D702F782E7368");
    Event execve = ev.get(1);
    assertEquals("execve", execve.get("event.action"));
    assertEquals(List.of("wget", "-O", "/tmp/x.sh"), execve.get("process.args"));
    assertEquals(3L, execve.get("process.args_count"));
    assertEquals("wget -O /tmp/x.sh", execve.get("process.command_line"));
    assertEquals("/usr/bin/wget", execve.get("process.executable"), "from the SYSCALL with the same serial");
    assertEquals(1234L, execve.get("process.pid"));
    assertEquals("0", execve.get("user.id"));
    Event path = ev.get(3);
    assertEquals("/usr/bin/wget", path.get("file.path"));
    assertEquals("wget -O /tmp/x.sh", path.get("process.command_line"));
    assertEquals("/var/www", path.get("process.working_directory"));
    Event title = ev.get(4);
    assertEquals("wget -O /tmp/x.sh", title.get("process.title"), "hex with NUL separators");
    assertEquals("/usr/bin/wget", title.get("process.executable"));
  }

  @Test
  void splitLongArgumentsAreJoined() {
    Event e = parseAll("type=EXECVE msg=audit(1763866800.000:1): argc=2 a0=\"bash\" a1_len=10 a1[0]=2D63206563 a1[1]=686F206869").get(0);
    assertEquals(List.of("bash", "-c echo hi"), e.get("process.args"));
  }

  @Test
  void auditdViaSyslogWithNodeIsRecognisedByProgramAndBySniffing() {
    assertFields("<29>Nov 23 10:00:00 web-01 audispd: node=web-01 type=EXECVE msg=audit(1763866800.000:5): argc=1 a0=\"id\"",
        "event.action=execve", "process.command_line=id", "auditd.log.node=web-01");
    assertFields("<29>Nov 23 10:00:00 web-01 unknown: type=EXECVE msg=audit(1763866800.000:6): argc=1 a0=\"id\"",
        "event.action=execve");
  }

  @Test
  void aRecordsOtherKeysGoUnderAuditdLogBoundedAndOnlyWithPlainNames() {
    StringBuilder line = new StringBuilder("type=USER_ACCT msg=audit(1763866800.000:7): pid=1 uid=0 weird.key=x odd$=y");
    for (int i = 0; i < AuditdParser.MAX_RAW_FIELDS * 3; i++) line.append(" k").append(i).append("=v").append(i);
    Event e = parseAll(line.toString()).get(0);
    int raw = 0;
    for (String name : e.toMap().keySet()) {
      if (name.startsWith("auditd.log.k")) raw++;
      assertTrue(!name.contains("weird") && !name.contains("$"), name);
    }
    assertEquals(AuditdParser.MAX_RAW_FIELDS, raw, "at most MAX_RAW_FIELDS keys of one record");
    assertEquals("v0", e.get("auditd.log.k0"));
    assertEquals(null, e.get("auditd.log.pid"), "pid is process.pid");
    assertEquals(1L, e.get("process.pid"));
  }

  @Test
  void theSerialCacheIsBounded() {
    AuditdParser p = new AuditdParser();
    for (int i = 0; i < AuditdParser.MAX_SERIALS * 3; i++) {
      p.parse(new LogLine("type=CWD msg=audit(1.000:" + i + "): cwd=\"/\"", null, null, ZoneOffset.UTC, Instant.EPOCH), new Event());
    }
    assertEquals(AuditdParser.MAX_SERIALS, p.remembered());
  }

  @Test
  void notARecordIsDeclinedWithTheExpectedShape() {
    Event e = assertFields("<29>Nov 23 10:00:00 h auditd[1]: type=X msg=garbage", "tags=[_unparsed]");
    assertTrue(String.valueOf(e.get("error.message")).startsWith("auditd: expected \"type=TYPE msg=audit("));
  }
}
