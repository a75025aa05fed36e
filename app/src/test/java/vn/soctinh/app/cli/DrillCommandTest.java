package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soctinh drill validate} and the refusals of {@code drill run} and {@code drill report}, without a server. */
class DrillCommandTest {
  @TempDir Path tmp;
  private static final Path SSH = Path.of("../rules/drills/ssh-brute-force-privesc.yml");

  private String config() throws Exception {
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, "data_dir: " + tmp.resolve("data") + "\ndetection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n");
    return cfg.toString();
  }

  @Test
  void theShippedScenariosValidate() throws Exception {
    CliTest.Run r = soctinh("drill", "validate", "-c", config(), "../rules/drills/data-exfiltration-ioc.yml", "../rules/drills/phishing-malicious-domain.yml",
        SSH.toString(), "../rules/drills/web-portal-attack.yml", "../rules/drills/windows-ransomware-precursor.yml");
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(5, r.out().lines().filter(l -> l.contains(": ok: ")).count(), r.out());
  }

  @Test
  void brokenScenariosAreNamedWithFileLineAndReason() throws Exception {
    String ssh = Files.readString(SSH);
    Path structure = tmp.resolve("structure.yml");
    Files.writeString(structure, ssh.replace("technique: T1110.001", "technique: T999").replace("every: 2s", "every: soon"));
    Path rule = tmp.resolve("rule.yml");
    Files.writeString(rule, ssh.replace("sshb-0016", "sshb-9999"));
    Path unparsed = tmp.resolve("unparsed.yml");
    Files.writeString(unparsed, ssh.replace("app: useradd", "app: nosuchdaemon").replace("new user: name=${backdoor}, UID=0", "something nobody parses ${backdoor}"));
    CliTest.Run r = soctinh("drill", "validate", "-c", config(), structure.toString(), rule.toString(), unparsed.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains(structure + ":22:16: step brute-force: technique is an ATT&CK id"), r.out());
    assertTrue(r.out().contains(structure + ":26:12: every: a duration"), r.out());
    assertTrue(r.out().contains(rule + ":20:1: step brute-force: no rule 5b7f4a2e-9c1d-4e6b-8a3f-sshb-9999"), r.out());
    assertTrue(r.out().contains(unparsed + ":") && r.out().contains("step backdoor-account: no parser understands this line"), r.out());
  }

  @Test
  void runAndReportRefuseBadArguments() throws Exception {
    String c = config();
    assertEquals(2, soctinh("drill", "run", SSH.toString(), "--target", "nohost", "-c", c).code());
    assertEquals(2, soctinh("drill", "run", SSH.toString(), "--target", "127.0.0.1:1", "--speed", "0", "-c", c).code());
    CliTest.Run var = soctinh("drill", "run", SSH.toString(), "--target", "127.0.0.1:1", "--var", "atacker_ip=1.2.3.4", "-c", c);
    assertEquals(2, var.code());
    assertTrue(var.err().contains("has no variable atacker_ip"), var.err());
    assertEquals(2, soctinh("drill", "run", SSH.toString(), "--target", "127.0.0.1:1", "--transport", "udp", "-c", c).code(), "a drill needs a stream");
    CliTest.Run closed = soctinh("drill", "run", SSH.toString(), "--target", "127.0.0.1:1", "--wait", "0", "-c", c);
    assertEquals(1, closed.code(), "nothing listens on port 1");
    assertTrue(closed.err().contains("sending failed") || closed.err().contains("Connection refused"), closed.err());
    assertEquals(2, soctinh("drill", "report", "DR-X", "--kind", "purple", "-o", tmp.resolve("x.pdf").toString(), "-c", c).code());
  }
}
