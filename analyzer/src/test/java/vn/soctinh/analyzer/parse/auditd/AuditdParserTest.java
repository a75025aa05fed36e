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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;

class AuditdParserTest {

  static Stream<Arguments> records() {
    return Stream.of(
        row("type=SYSCALL msg=audit(1763866800.123:4242): arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=0 items=2 "
            + "ppid=1200 pid=1234 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"curl\" "
            + "exe=\"/usr/bin/curl\" subj=unconfined key=\"exec\"",
            "@timestamp=2025-11-23T03:00:00.123Z", "event.action=executed", "event.outcome=success", "event.category=[process]",
            "event.type=[start]", "event.dataset=auditd.log", "auditd.log.record_type=SYSCALL", "auditd.log.sequence=4242",
            "auditd.data.syscall=59", "auditd.data.key=exec", "process.executable=/usr/bin/curl", "process.name=curl",
            "process.pid=1234", "process.parent.pid=1200", "user.id=0", "user.audit.id=1000", "user.effective.id=0"),
        row("type=SYSCALL msg=audit(1763866800.5:77): arch=c000003e syscall=2 success=no exit=-13 ppid=1 pid=9 auid=1000 uid=1000 "
            + "euid=1000 comm=\"cat\" exe=\"/usr/bin/cat\" key=\"shadow\"\u001dARCH=x86_64 SYSCALL=open AUID=\"bob\" UID=\"bob\" EUID=\"bob\"",
            "event.action=syscall_open", "event.outcome=failure", "auditd.data.syscall=open", "auditd.data.arch=x86_64",
            "user.name=bob", "user.audit.name=bob", "user.effective.name=bob", "@timestamp=2025-11-23T03:00:00.500Z"),
        row("type=USER_AUTH msg=audit(1763866801.000:90): pid=3001 uid=0 auid=4294967295 ses=4294967295 "
            + "msg='op=PAM:authentication grantors=? acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=203.0.113.5 addr=203.0.113.5 terminal=ssh res=failed'",
            "event.action=user_authenticated", "event.outcome=failure", "user.name=root", "source.ip=203.0.113.5",
            "process.executable=/usr/sbin/sshd", "process.name=sshd", "auditd.data.op=PAM:authentication", "auditd.data.terminal=ssh"),
        row("type=USER_LOGIN msg=audit(1763866802.000:91): pid=3002 uid=0 auid=1000 ses=5 msg='op=login id=1000 exe=\"/usr/sbin/sshd\" "
            + "hostname=? addr=10.0.0.7 terminal=/dev/pts/1 res=success'",
            "event.action=user_login", "event.outcome=success", "source.ip=10.0.0.7", "event.category=[authentication, session]"),
        row("type=USER_CMD msg=audit(1763866803.000:92): pid=4000 uid=1000 auid=1000 ses=5 msg='cwd=\"/home/bob\" "
            + "cmd=636174202F6574632F736861646F77 exe=\"/usr/bin/sudo\" terminal=pts/1 res=success'",
            "event.action=user_command", "process.command_line=cat /etc/shadow", "process.working_directory=/home/bob",
            "process.executable=/usr/bin/sudo"),
        row("type=ADD_USER msg=audit(1763866804.000:93): pid=5000 uid=0 auid=1000 ses=5 msg='op=adding user id=1001 "
            + "exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=pts/1 res=success'",
            "event.action=user_created", "event.type=[user, creation]", "user.target.id=1001", "source.ip=-"),
        row("type=ADD_USER msg=audit(1763866804.000:94): pid=5000 uid=0 auid=1000 ses=5 msg='op=add-user acct=6261636B646F6F72 "
            + "exe=\"/usr/sbin/useradd\" res=success'",
            "event.action=user_created", "user.target.name=backdoor"),
        row("node=web-01 type=AVC msg=audit(1763866805.000:95): avc:  denied  { read } for  pid=77 comm=\"httpd\" name=\"shadow\" "
            + "scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0",
            "event.action=selinux_denied", "event.outcome=failure", "auditd.log.node=web-01", "process.pid=77"),
        row("type=CONFIG_CHANGE msg=audit(1763866806.000:96): auid=1000 ses=5 op=remove_rule key=\"exec\" list=4 res=1",
            "event.action=audit_config_changed", "event.outcome=success"),
        row("type=BPF msg=audit(1763866807.000:97): prog-id=75 op=LOAD", "event.action=audit_bpf"));
  }

  private static Arguments row(String line, String... expected) {
    return Arguments.of(line, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void eachRecordGivesItsFields(String line, String[] expected) {
    assertFields(line, expected);
  }

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
    assertEquals("executed", execve.get("event.action"));
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
        "event.action=executed", "process.command_line=id", "auditd.log.node=web-01");
    assertFields("<29>Nov 23 10:00:00 web-01 unknown: type=EXECVE msg=audit(1763866800.000:6): argc=1 a0=\"id\"",
        "event.action=executed");
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
