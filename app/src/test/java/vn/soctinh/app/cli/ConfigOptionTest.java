package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which configuration a command reads: --config, ./soctinh.yml, SOCTINH_CONFIG (an installation's), defaults. */
class ConfigOptionTest {
  @TempDir Path tmp;

  @Test
  void theOptionWinsOverTheWorkingDirectorysFileAndTheInstallationsFile() throws Exception {
    Path option = tmp.resolve("chosen.yml");
    Path local = Files.writeString(tmp.resolve("soctinh.yml"), "data_dir: ./data\n");
    assertEquals(option, ConfigOption.chosen(option, local, "/etc/soctinh/soctinh.yml"));
  }

  @Test
  void theWorkingDirectorysFileWinsOverTheInstallationsFile() throws Exception {
    Path local = Files.writeString(tmp.resolve("soctinh.yml"), "data_dir: ./data\n");
    assertEquals(local, ConfigOption.chosen(null, local, "/etc/soctinh/soctinh.yml"));
  }

  @Test
  void withoutEitherTheInstallationsFileIsRead() {
    Path installed = tmp.resolve("etc/soctinh.yml");
    assertEquals(installed, ConfigOption.chosen(null, tmp.resolve("soctinh.yml"), installed.toString()));
  }

  @Test
  void aMissingInstallationsFileIsStillChosenSoThatLoadingItFailsWithItsName() {
    Path missing = tmp.resolve("nowhere/soctinh.yml");
    assertEquals(missing, ConfigOption.chosen(null, tmp.resolve("soctinh.yml"), missing.toString()));
    CliTest.Run r = CliTest.soctinh("config", "check", "-c", missing.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(missing.toString()), r.err());
  }

  @Test
  void nothingAtAllMeansTheBuiltInDefaults() {
    assertNull(ConfigOption.chosen(null, tmp.resolve("soctinh.yml"), null));
    assertNull(ConfigOption.chosen(null, tmp.resolve("soctinh.yml"), " "));
  }
}
