package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code soctinh org import|export|merge|list} on real files, as an operator runs them. */
class OrgCommandTest {
  @TempDir Path tmp;

  /** The same runner as {@link CliTest}. */
  private static CliTest.Run soctinh(String... args) {
    return CliTest.soctinh(args);
  }

  private Path config() throws Exception {
    Path c = tmp.resolve("soctinh.yml");
    if (!Files.exists(c)) Files.writeString(c, "data_dir: " + tmp.resolve("data") + "\n");
    return c;
  }

  @Test
  void importListMergeExportAndReimport() throws Exception {
    Path file = tmp.resolve("org/directory.yml");
    String cfg = config().toString();
    CliTest.Run imp = soctinh("org", "import", "-c", cfg, "--file", file.toString(), "../deploy/org.example.yml");
    assertEquals(0, imp.code(), imp.err());
    assertTrue(imp.out().contains("5 organisations, 4 systems"), imp.out());
    CliTest.Run list = soctinh("org", "list", "--file", file.toString());
    assertTrue(list.out().contains("  Sở Khoa học và Công nghệ [so-khcn]\n    - Cổng dịch vụ công tỉnh [cong-dvc] level 3"), list.out());

    CliTest.Run merge = soctinh("org", "merge", "-c", cfg, "--file", file.toString(), "so-tai-chinh", "so-khcn");
    assertEquals(0, merge.code(), merge.err());
    assertTrue(Files.exists(tmp.resolve("org/directory.yml.bak")), "the previous version is kept");
    // the file and its backup hold the agencies' intake tokens: the owner's only (issue #17, item 9)
    for (String f : new String[] {"org/directory.yml", "org/directory.yml.bak"}) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(f))), f);
    }
    assertTrue(soctinh("org", "list", "--file", file.toString()).out().contains("    Sở Tài chính [so-tai-chinh] (merged into so-khcn)"));
    CliTest.Run cycle = soctinh("org", "merge", "-c", cfg, "--file", file.toString(), "tinh-thu-nghiem", "ttcds");
    assertEquals(1, cycle.code());
    assertTrue(cycle.err().contains("cycle"), cycle.err());

    Path csv = tmp.resolve("csv");
    assertEquals(0, soctinh("org", "export", "--file", file.toString(), "--format", "csv", "-o", csv.toString()).code());
    Path other = tmp.resolve("other.yml");
    CliTest.Run back = soctinh("org", "import", "-c", cfg, "--file", other.toString(), csv.resolve("organizations.csv").toString(), csv.resolve("systems.csv").toString());
    assertEquals(0, back.code(), back.err());
    CliTest.Run yaml = soctinh("org", "export", "--file", other.toString());
    assertTrue(yaml.out().contains("merged_into: so-khcn"), yaml.out());

    // each change is in the audit trail, and the trail verifies until someone edits it
    CliTest.Run audit = soctinh("audit", "list", "-c", cfg);
    assertTrue(audit.out().contains("org.import") && audit.out().contains("org.merge  so-tai-chinh  merged into so-khcn"), audit.out());
    assertEquals(3, audit.out().strip().split("\n").length, audit.out());
    CliTest.Run ok = soctinh("audit", "verify", "-c", cfg, "--json");
    assertEquals(0, ok.code(), ok.out());
    assertTrue(ok.out().contains("\"entries\":3"), ok.out());
    Path log = tmp.resolve("data/audit/audit.log");
    Files.writeString(log, Files.readString(log).replaceFirst("merged into so-khcn", "merged into ttcds"));
    CliTest.Run broken = soctinh("audit", "verify", "-c", cfg);
    assertEquals(1, broken.code());
    assertTrue(broken.out().contains("BROKEN: line 3 does not follow line 2"), broken.out());
  }

  @Test
  void aFileWithMistakesImportsNothingAndSaysWhere() throws Exception {
    Path file = tmp.resolve("directory.yml");
    Path bad = tmp.resolve("bad.yml");
    Files.writeString(bad, "organizations:\n  - id: a\n    name: A\n    parent: b\nsystems:\n  - {id: s, name: S, org: a, level: 9, type: portal}\n");
    CliTest.Run r = soctinh("org", "import", "-c", config().toString(), "--file", file.toString(), bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(bad + ":4:13: parent b of a"), r.err());
    assertTrue(r.err().contains(bad + ":6:") && r.err().contains("level must be 1 to 5"), r.err());
    assertTrue(r.err().contains("nothing was imported"), r.err());
    assertFalse(Files.exists(file));
  }
}
