package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.store.FieldType;

class EsMappingTest {

  @Test
  void prefixDeclarationsBecomeLeafTemplatesAheadOfTheCatchAll() {
    FieldType.Mapping m = FieldType.Mapping.parse("kept.*\tstored\n", "t");
    JsonNode templates = EsMapping.mappings(m).get("dynamic_templates");
    JsonNode first = templates.get(0).elements().next();
    assertEquals("kept.*", first.get("path_match").asText());
    assertEquals("string", first.get("match_mapping_type").asText(), "leaves only: a path_match also meets the objects on the way");
    assertEquals("text", first.at("/mapping/type").asText());
    assertEquals(false, first.at("/mapping/index").asBoolean());
    assertEquals(4 + 4, templates.size(), "four value types for the prefix, four for unlisted fields");
    assertEquals("unlisted_string_as_keyword", templates.get(4).fieldNames().next());
  }
}
