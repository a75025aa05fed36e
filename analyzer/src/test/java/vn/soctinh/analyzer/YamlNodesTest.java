package vn.soctinh.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Node;

/** The one way positioned YAML is read: every syntax error names its file, line and column. */
class YamlNodesTest {
  @Test
  void aSyntaxErrorNamesItsLineAndColumn() {
    FileProblem p = assertThrows(FileProblem.class, () -> YamlNodes.compose("a: 1\nb: [2, 3\nc: 4\n", "f.yml"));
    assertEquals("f.yml", p.file());
    assertTrue(p.line() >= 2, p.line() + ": " + p.getMessage());
    assertTrue(p.getMessage().startsWith("YAML: "), p.getMessage());
  }

  @Test
  void anErrorTheParserDoesNotMarkStillHasAPlace() {
    // a tag handle the parser refuses without a mark
    FileProblem p = assertThrows(FileProblem.class, () -> YamlNodes.compose("a: 1\nb: !2%E x\n", "g.yml"));
    assertTrue(p.line() >= 1, p.line() + ": " + p.getMessage());
  }

  @Test
  void documentsBeforeABrokenOneAreHandedOver() {
    List<Node> docs = new ArrayList<>();
    FileProblem p = assertThrows(FileProblem.class, () -> YamlNodes.composeEach("a: 1\n---\nb: 2\n---\nc: [\n", "h.yml", docs::add));
    assertEquals(2, docs.size());
    assertTrue(p.line() >= 5, p.line() + ": " + p.getMessage());
  }

  @Test
  void anEmptyFileIsNoDocumentAndAByteOrderMarkIsNotText() throws Exception {
    assertNull(YamlNodes.compose("", "e.yml"));
    assertEquals("a", YamlNodes.scalar(((org.snakeyaml.engine.v2.nodes.MappingNode) YamlNodes.compose("\uFEFFa: 1\n", "bom.yml")).getValue().get(0).getKeyNode()));
  }
}
