package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #19, point 1: the shipped content is found from the program, not from the working directory. */
class InstallationTest {
  @TempDir Path tmp;

  private Path installed(String name) throws Exception {
    Path home = tmp.resolve(name);
    Files.createDirectories(home.resolve("lib"));
    Files.createDirectories(home.resolve("rules/sigma"));
    Files.writeString(home.resolve(Installation.MARKER), "# mapping\n");
    Files.writeString(home.resolve("lib/soctinh.jar"), "");
    return home;
  }

  @Test
  void aPackagedJarFindsTheContentBesideIt() throws Exception {
    Path home = installed("usr-share-soctinh");
    Path elsewhere = Files.createDirectories(tmp.resolve("home/an"));
    Installation i = Installation.find(null, null, home.resolve("lib/soctinh.jar"), elsewhere);
    assertEquals(home, i.dir());
    assertTrue(i.how().startsWith("beside the program"), i.how());
    assertTrue(i.complete());
    assertEquals(home.resolve("rules/sigma"), i.resolve("rules/sigma"));
  }

  @Test
  void thePropertyThenTheEnvironmentWinOverTheProgramsPlace() throws Exception {
    Path home = installed("a");
    Path other = installed("b");
    assertEquals(other, Installation.find(other.toString(), home.toString(), home.resolve("lib/soctinh.jar"), tmp).dir());
    Installation byEnv = Installation.find(null, other.toString(), home.resolve("lib/soctinh.jar"), tmp);
    assertEquals(other, byEnv.dir());
    assertEquals(Installation.ENV, byEnv.how());
  }

  @Test
  void withNothingFoundTheWorkingDirectoryIsUsedAndSaysSo() throws Exception {
    Path bare = Files.createDirectories(tmp.resolve("bare/lib"));
    Installation i = Installation.find(null, null, bare.resolve("soctinh.jar"), tmp.resolve("bare"));
    assertEquals(tmp.resolve("bare"), i.dir());
    assertFalse(i.complete());
    assertTrue(i.how().contains("no shipped content found") && i.how().contains(Installation.ENV), i.how());
  }

  @Test
  void theDefaultsPointAtTheCheckoutsRulesWhateverTheWorkingDirectory() {
    // the tests run from app/target/classes: the checkout above it holds rules/
    Installation here = Installation.current();
    assertTrue(here.complete(), here.toString());
    SocTinhConfig d = ConfigLoader.defaults();
    assertEquals(here.resolve("rules/sigma-mapping.yml"), d.detection().mapping());
    assertEquals(java.util.List.of(here.resolve("rules/sigma")), d.detection().ruleDirs());
    assertEquals(here.resolve("rules/regulation"), d.incidents().regulationDir());
    assertEquals(here.resolve("rules/drills"), d.drills().scenariosDir());
  }

  @Test
  void aConfiguredPathNamesTheInstallationWithItsToken() throws Exception {
    Installation here = Installation.current();
    SocTinhConfig c = ConfigLoader.loadString("detection:\n  rules: [\"${SOCTINH_HOME}/rules/sigma\", /etc/soctinh/rules]\n"
        + "  mapping: ${SOCTINH_HOME}/rules/sigma-mapping.yml\n", "t.yml");
    assertEquals(java.util.List.of(here.resolve("rules/sigma"), Path.of("/etc/soctinh/rules")), c.detection().ruleDirs());
    assertEquals(here.resolve("rules/sigma-mapping.yml"), c.detection().mapping());
  }

  @Test
  void localRulesComeAfterTheShippedOnesWhetherOrNotTheShippedListIsWritten() throws Exception {
    Installation here = Installation.current();
    SocTinhConfig c = ConfigLoader.loadString("detection:\n  local_rules: [/etc/soctinh/rules.d]\n", "t.yml");
    assertEquals(java.util.List.of(here.resolve("rules/sigma"), Path.of("/etc/soctinh/rules.d")), c.detection().ruleDirs());
    SocTinhConfig both = ConfigLoader.loadString("detection:\n  local_rules: [/srv/a]\n  rules: [/srv/shipped]\n", "t.yml");
    assertEquals(java.util.List.of(Path.of("/srv/shipped"), Path.of("/srv/a")), both.detection().ruleDirs());
  }

  /** A start that would run blind is refused, naming the key to set, instead of a warning in the log. */
  @Test
  void aMissingMappingOrRegulationPackStopsTheStartNamingTheKey() throws Exception {
    String missingMapping = "detection:\n  mapping: " + tmp.resolve("nowhere.yml") + "\n";
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> vn.soctinh.app.SocTinh.start(vn.soctinh.app.TestConfigs.loopback(tmp.resolve("a"), missingMapping)).close());
    assertTrue(e.getMessage().contains("detection.mapping") && e.getMessage().contains(Installation.ENV), e.getMessage());
    String missingPack = "incidents:\n  regulation_dir: " + tmp.resolve("no-packs") + "\n";
    java.io.IOException p = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> vn.soctinh.app.SocTinh.start(vn.soctinh.app.TestConfigs.loopback(tmp.resolve("b"), missingPack)).close());
    assertTrue(p.getMessage().contains("incidents.regulation_dir") && p.getMessage().contains("incidents.enabled: false"), p.getMessage());
  }
}
