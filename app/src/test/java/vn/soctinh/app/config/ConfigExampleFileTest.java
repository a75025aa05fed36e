package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import vn.soctinh.collector.source.SourceEntry;

/** The documented example in deploy/ must stay equal to the built-in defaults, key for key. */
class ConfigExampleFileTest {
  /** Surefire runs in the module directory (app/); the example sits at the repository root. */
  private static final Path EXAMPLE = Path.of("..", "deploy", "soctinh.example.yml");

  private static SocTinhConfig withoutSource(SocTinhConfig c) {
    return c.withSource(null);
  }

  @Test
  void theExampleFileEqualsTheDefaults() throws ConfigException {
    SocTinhConfig example = ConfigLoader.load(EXAMPLE);
    assertEquals(EXAMPLE.toAbsolutePath().normalize(), example.source());
    assertEquals(SocTinhConfig.defaults(), withoutSource(example));
  }

  @Test
  void theExampleFileShowsEveryKeyTheLoaderReads() throws IOException {
    Node root = new Compose(LoadSettings.builder().build()).composeString(Files.readString(EXAMPLE)).orElseThrow();
    Set<String> documented = new TreeSet<>();
    collectKeys(root, "", documented);
    assertEquals(new TreeSet<>(ConfigLoader.keysOfDefaults()), documented);
  }

  private static void collectKeys(Node node, String path, Set<String> out) {
    if (!(node instanceof MappingNode map)) return;
    for (NodeTuple t : map.getValue()) {
      String key = path.isEmpty() ? ((ScalarNode) t.getKeyNode()).getValue() : path + "." + ((ScalarNode) t.getKeyNode()).getValue();
      out.add(key);
      collectKeys(t.getValueNode(), key, out);
    }
  }

  @Test
  void theCommentedSourcesExampleIsValidOnceUncommented() throws IOException, ConfigException {
    List<String> lines = Files.readAllLines(EXAMPLE);
    StringBuilder yaml = new StringBuilder();
    boolean inExample = false;
    for (String line : lines) {
      if (line.equals("sources: []")) continue;
      if (line.equals("# sources:")) inExample = true;
      yaml.append(inExample && line.startsWith("# ") ? line.substring(2) : line).append('\n');
    }
    SocTinhConfig c = ConfigLoader.loadString(yaml.toString(), "uncommented example");
    assertEquals(List.of(new SourceEntry("so-tttt", "Sở Thông tin và Truyền thông", List.of("10.10.0.0/16", "2001:db8:10::/48"),
        List.of("so-tttt.tinh.gov.vn"), List.of("REPLACE-with-a-random-token-32chars"))), c.sources());
    assertTrue(inExample);
  }
}
