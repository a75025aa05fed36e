package vn.soctinh.analyzer.parse.windows;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import org.junit.jupiter.api.Test;

class WindowsEventParserTest {

  private static String nxlog(int id, String channel, String data) {
    return "{\"EventTime\":\"2026-11-23 10:00:00\",\"Hostname\":\"PC-KETOAN-01.so-tc.local\",\"EventID\":" + id + ",\"SourceName\":"
        + "\"" + (channel.contains("Sysmon") ? "Microsoft-Windows-Sysmon" : "Microsoft-Windows-Security-Auditing") + "\",\"Channel\":\""
        + channel + "\"," + data + "}";
  }

  @Test
  void logonFailedFromNxlog() {
    assertFields(nxlog(4625, "Security", "\"TargetUserName\":\"administrator\",\"TargetDomainName\":\"SO-TC\",\"LogonType\":\"3\","
            + "\"IpAddress\":\"203.0.113.5\",\"IpPort\":\"50123\",\"WorkstationName\":\"KALI\",\"FailureReason\":\"%%2313\",\"Status\":\"0xc000006d\""),
        "event.action=logon-failed", "event.outcome=failure", "event.code=4625", "winlog.event_id=4625", "winlog.channel=Security",
        "event.dataset=windows.security", "user.name=administrator", "user.domain=SO-TC", "source.ip=203.0.113.5", "source.port=50123",
        "winlog.logon.type=3", "host.name=PC-KETOAN-01.so-tc.local", "@timestamp=2026-11-23T03:00:00Z", "source.domain=KALI");
  }

  @Test
  void logonSuccessAndLogoffAndSpecialPrivileges() {
    assertFields(nxlog(4624, "Security", "\"TargetUserName\":\"bob\",\"LogonType\":\"10\",\"IpAddress\":\"::ffff:10.0.0.9\""),
        "event.action=logged-in", "event.outcome=success", "source.ip=10.0.0.9", "winlog.logon.type=10");
    assertFields(nxlog(4634, "Security", "\"TargetUserName\":\"bob\""), "event.action=logged-out", "event.type=[end]", "user.name=bob");
    assertFields(nxlog(4672, "Security", "\"SubjectUserName\":\"bob\",\"PrivilegeList\":\"SeDebugPrivilege\""),
        "event.action=logged-in-special", "user.name=bob");
    assertFields(nxlog(4648, "Security", "\"SubjectUserName\":\"bob\",\"TargetUserName\":\"admin\",\"IpAddress\":\"-\",\"ProcessName\":\"C:\\\\Windows\\\\System32\\\\runas.exe\",\"ProcessId\":\"0x1f4\""),
        "event.action=logged-in-explicit", "user.name=bob", "user.target.name=admin", "source.ip=-", "process.name=runas.exe",
        "process.pid=500");
  }

  @Test
  void processCreation4688WithHexPids() {
    assertFields(nxlog(4688, "Security", "\"SubjectUserName\":\"bob\",\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\","
            + "\"NewProcessId\":\"0x1a2c\",\"CommandLine\":\"cmd.exe /c whoami\",\"ParentProcessName\":\"C:\\\\Program Files\\\\Office\\\\WINWORD.EXE\","
            + "\"ProcessId\":\"0x3e8\""),
        "event.action=created-process", "event.category=[process]", "event.type=[start]", "process.executable=C:\\Windows\\System32\\cmd.exe",
        "process.name=cmd.exe", "process.pid=6700", "process.command_line=cmd.exe /c whoami", "process.parent.name=WINWORD.EXE",
        "process.parent.pid=1000", "user.name=bob");
  }

  @Test
  void accountChangesAndClearedLog() {
    assertFields(nxlog(4720, "Security", "\"SubjectUserName\":\"admin\",\"TargetUserName\":\"backdoor\",\"TargetSid\":\"S-1-5-21-1-1001\""),
        "event.action=added-user-account", "user.name=admin", "user.target.name=backdoor", "user.target.id=S-1-5-21-1-1001");
    assertFields(nxlog(4726, "Security", "\"SubjectUserName\":\"admin\",\"TargetUserName\":\"old\""), "event.action=deleted-user-account");
    assertFields(nxlog(4732, "Security", "\"SubjectUserName\":\"admin\",\"TargetUserName\":\"Administrators\",\"MemberName\":\"-\",\"MemberSid\":\"S-1-5-21-1-1001\""),
        "event.action=added-member-to-group", "group.name=Administrators", "user.target.id=S-1-5-21-1-1001", "user.target.name=-");
    assertFields(nxlog(1102, "Security", "\"SubjectUserName\":\"admin\""), "event.action=audit-log-cleared", "user.name=admin");
  }

  @Test
  void sysmonProcessNetworkAndFileFromWinlogbeat() {
    assertFields("{\"@timestamp\":\"2026-11-23T03:00:00.000Z\",\"host\":{\"name\":\"pc-01\"},\"winlog\":{\"event_id\":1,"
            + "\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"provider_name\":\"Microsoft-Windows-Sysmon\",\"computer_name\":\"pc-01\","
            + "\"event_data\":{\"Image\":\"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\",\"ProcessId\":\"4242\","
            + "\"CommandLine\":\"powershell -enc SQBFAFgA\",\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"ParentProcessId\":\"1000\","
            + "\"User\":\"SO-TC\\\\bob\",\"Hashes\":\"SHA1=AB,MD5=CD,SHA256=EF,IMPHASH=12\",\"OriginalFileName\":\"PowerShell.EXE\"}}}",
        "event.action=process_created", "event.dataset=windows.sysmon_operational", "process.name=powershell.exe", "process.pid=4242",
        "process.command_line=powershell -enc SQBFAFgA", "process.parent.name=explorer.exe", "process.parent.pid=1000", "user.name=bob",
        "user.domain=SO-TC", "process.hash.sha256=ef", "process.hash.md5=cd", "process.pe.imphash=12",
        "process.pe.original_file_name=PowerShell.EXE", "@timestamp=2026-11-23T03:00:00Z", "winlog.event_id=1");
    assertFields(nxlog(3, "Microsoft-Windows-Sysmon/Operational", "\"Image\":\"C:\\\\x\\\\rat.exe\",\"ProcessId\":\"7\",\"Protocol\":\"tcp\","
            + "\"Initiated\":\"true\",\"SourceIp\":\"10.0.0.9\",\"SourcePort\":\"50000\",\"DestinationIp\":\"198.51.100.66\",\"DestinationPort\":\"443\""),
        "event.action=network_connection", "destination.ip=198.51.100.66", "destination.port=443", "network.direction=egress",
        "network.transport=tcp", "process.name=rat.exe");
    assertFields(nxlog(11, "Microsoft-Windows-Sysmon/Operational", "\"Image\":\"C:\\\\x\\\\a.exe\",\"TargetFilename\":\"C:\\\\Users\\\\bob\\\\AppData\\\\x.ps1\""),
        "event.action=file_created", "file.name=x.ps1", "file.path=C:\\Users\\bob\\AppData\\x.ps1");
  }

  @Test
  void nxlogJsonInsideSyslogIsFoundBySniffing() {
    assertFields("<14>Nov 23 10:00:00 pc-01 MSWinEventLog: " + nxlog(4625, "Security", "\"TargetUserName\":\"x\""),
        "event.action=logon-failed", "user.name=x");
    assertFields("<14>Nov 23 10:00:00 pc-01 other-tag: " + nxlog(4726, "Security", "\"TargetUserName\":\"x\""), "event.action=deleted-user-account");
  }

  @Test
  void anotherEventIdKeepsItsDataWithAGenericAction() {
    assertFields(nxlog(4663, "Security", "\"ObjectName\":\"C:\\\\secret.docx\""), "event.action=windows_event_4663", "event.code=4663");
  }
}
