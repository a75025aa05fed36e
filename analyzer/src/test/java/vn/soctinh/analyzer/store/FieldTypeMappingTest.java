package vn.soctinh.analyzer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTypeMappingTest {

  @Test
  void aPrefixDeclarationTypesEveryNameUnderItButNotItself() {
    FieldType.Mapping m = FieldType.Mapping.parse("source.port\tlong\nkept.*\tstored\n", "t");
    assertEquals(FieldType.STORED, m.declared("kept.user.name"));
    assertEquals(FieldType.STORED, m.of("kept.x", "v"));
    assertEquals(FieldType.STORED, m.forQuery("kept.x"));
    assertNull(m.declared("kept"));
    assertNull(m.declared("keptx"));
    assertEquals(FieldType.KEYWORD, m.of("other", 1L));
    assertEquals(Map.of("source.port", FieldType.LONG), m.declared(), "names only: the Elasticsearch properties");
    assertEquals(Map.of("kept.", FieldType.STORED), m.declaredPrefixes());
  }

  @Test
  void aWildcardAnywhereButTheEndIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldType.Mapping.parse("a.*.b\tkeyword\n", "t.tsv"));
    assertTrue(e.getMessage().startsWith("t.tsv:1:"), e.getMessage());
  }

  @Test
  void theShippedTableKeepsLongTermsStoredOnly() {
    assertEquals(FieldType.STORED, FieldType.Mapping.ecs().of("soctinh.long_terms.user.name", "x"));
  }
}
