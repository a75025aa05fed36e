package vn.soctinh.analyzer.detect.sigma;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The value modifiers SOC Tỉnh knows, by the name a rule writes them with (the Sigma
 * specification's set). A new modifier is a class implementing {@link Modifier} and one entry here.
 */
final class Modifiers {
  static final Map<String, Modifier> BY_NAME = Map.ofEntries(
      Map.entry("contains", new PositionModifier(ModifiedLine.Position.CONTAINS)),
      Map.entry("startswith", new PositionModifier(ModifiedLine.Position.STARTSWITH)),
      Map.entry("endswith", new PositionModifier(ModifiedLine.Position.ENDSWITH)),
      Map.entry("all", new AllModifier()),
      Map.entry("cased", new CasedModifier()),
      Map.entry("exists", new ExistsModifier()),
      Map.entry("expand", new ExpandModifier()),
      Map.entry("re", new RegexModifier()),
      Map.entry("i", new RegexFlagModifier(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)),
      Map.entry("m", new RegexFlagModifier(Pattern.MULTILINE)),
      Map.entry("s", new RegexFlagModifier(Pattern.DOTALL)),
      Map.entry("cidr", new CidrModifier()),
      Map.entry("gt", new CompareModifier(CompareModifier.Op.GT)),
      Map.entry("gte", new CompareModifier(CompareModifier.Op.GTE)),
      Map.entry("lt", new CompareModifier(CompareModifier.Op.LT)),
      Map.entry("lte", new CompareModifier(CompareModifier.Op.LTE)),
      Map.entry("fieldref", new FieldrefModifier()),
      Map.entry("windash", new WindashModifier()),
      Map.entry("wide", new Utf16Modifier(java.nio.charset.StandardCharsets.UTF_16LE)),
      Map.entry("utf16le", new Utf16Modifier(java.nio.charset.StandardCharsets.UTF_16LE)),
      Map.entry("utf16be", new Utf16Modifier(java.nio.charset.StandardCharsets.UTF_16BE)),
      Map.entry("utf16", new Utf16Modifier(java.nio.charset.StandardCharsets.UTF_16)),
      Map.entry("base64", new Base64Modifier()),
      Map.entry("base64offset", new Base64OffsetModifier()));

  private Modifiers() {}

  /** The modifier of that name, or an IllegalArgumentException naming it and the field. */
  static Modifier named(String name, String field) {
    Modifier m = BY_NAME.get(name);
    if (m == null) throw new IllegalArgumentException("unknown modifier \"" + name + "\" on " + field);
    return m;
  }
}
