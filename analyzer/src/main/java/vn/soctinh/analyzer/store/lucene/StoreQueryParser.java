package vn.soctinh.analyzer.store.lucene;

import java.net.InetAddress;
import java.time.Instant;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import vn.soctinh.analyzer.store.FieldType;

/**
 * Lucene query syntax with ECS types: {@code source.ip:10.0.0.0/8} is a CIDR query on the IP points,
 * {@code destination.port:[1 TO 1024]} a numeric range, {@code @timestamp:[2026-11-01T00:00:00Z TO *]}
 * a date range, keywords match exactly (with {@code *}/{@code ?} wildcards), and {@code message} is
 * analysed with accent folding. The default field is {@code message}. A query of only negations
 * ({@code NOT user.name:root}) means everything else, as a SOC user reads it (plain Lucene would
 * match nothing). Both stores parse with this class, so a query means the same on both.
 */
public final class StoreQueryParser extends QueryParser {
  private final FieldType.Mapping mapping;

  /** Parses a user's query (after {@link vn.soctinh.analyzer.store.QueryText#normalise}). */
  /** The filter of {@link vn.soctinh.analyzer.store.SearchRequest#orgScope}: any of the agencies, none when empty. */
  public static Query orgScope(java.util.Set<String> orgs) {
    if (orgs.isEmpty()) return new org.apache.lucene.search.MatchNoDocsQuery("no agency in scope");
    org.apache.lucene.search.BooleanQuery.Builder b = new org.apache.lucene.search.BooleanQuery.Builder();
    for (String o : new java.util.TreeSet<>(orgs)) {
      b.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term("organization.id", o)),
          org.apache.lucene.search.BooleanClause.Occur.SHOULD);
    }
    return b.setMinimumNumberShouldMatch(1).build();
  }

  public static Query parse(String query, FieldType.Mapping mapping) throws ParseException {
    return new StoreQueryParser(mapping, new FoldingAnalyzer()).parse(vn.soctinh.analyzer.store.QueryText.normalise(query));
  }

  StoreQueryParser(FieldType.Mapping mapping, Analyzer textAnalyzer) {
    super("message", textAnalyzer);
    this.mapping = mapping;
    setAllowLeadingWildcard(true);
    setSplitOnWhitespace(true);
  }

  @Override
  protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
    if (field.equals("*") && text.equals("*")) return new MatchAllDocsQuery();
    FieldType t = mapping.forQuery(field);
    switch (t) {
      case TEXT:
        return super.getFieldQuery(field, text, quoted);
      case IP: {
        int slash = text.indexOf('/');
        if (slash > 0) {
          InetAddress a = LuceneDocuments.ip(text.substring(0, slash));
          int prefix = parseInt(text.substring(slash + 1), field);
          if (a == null) throw new ParseException(field + ": expected an IP address or CIDR but was \"" + text + "\"");
          try {
            return InetAddressPoint.newPrefixQuery(field, a, prefix);
          } catch (IllegalArgumentException e) {
            throw new ParseException(field + ": " + e.getMessage());
          }
        }
        InetAddress a = LuceneDocuments.ip(text);
        if (a == null) throw new ParseException(field + ": expected an IP address or CIDR but was \"" + text + "\"");
        return InetAddressPoint.newExactQuery(field, a);
      }
      case LONG:
        return LongPoint.newExactQuery(field, parseLong(text, field));
      case DOUBLE:
        return DoublePoint.newExactQuery(field, parseDouble(text, field));
      case DATE: {
        long ms = parseDate(text, field);
        return LongPoint.newExactQuery(field, ms);
      }
      case STORED:
        throw new ParseException(field + " is stored but not searchable");
      default:
        return new TermQuery(new Term(field, text));
    }
  }

  @Override
  protected Query getFieldQuery(String field, String text, int slop) throws ParseException {
    return mapping.forQuery(field) == FieldType.TEXT ? super.getFieldQuery(field, text, slop) : getFieldQuery(field, text, true);
  }

  @Override
  protected Query getBooleanQuery(java.util.List<org.apache.lucene.search.BooleanClause> clauses) throws ParseException {
    Query q = super.getBooleanQuery(clauses);
    if (q instanceof org.apache.lucene.search.BooleanQuery b && !b.clauses().isEmpty()
        && b.clauses().stream().allMatch(c -> c.getOccur() == org.apache.lucene.search.BooleanClause.Occur.MUST_NOT)) {
      var all = new org.apache.lucene.search.BooleanQuery.Builder().add(new MatchAllDocsQuery(), org.apache.lucene.search.BooleanClause.Occur.MUST);
      for (var c : b.clauses()) all.add(c);
      return all.build();
    }
    return q;
  }

  @Override
  protected Query getRangeQuery(String field, String lo, String hi, boolean incLo, boolean incHi) throws ParseException {
    FieldType t = mapping.forQuery(field);
    boolean openLo = lo == null || lo.equals("*");
    boolean openHi = hi == null || hi.equals("*");
    switch (t) {
      case LONG: {
        long a = openLo ? Long.MIN_VALUE : parseLong(lo, field);
        long b = openHi ? Long.MAX_VALUE : parseLong(hi, field);
        if (!incLo && !openLo) a = Math.addExact(a, 1);
        if (!incHi && !openHi) b = Math.addExact(b, -1);
        return LongPoint.newRangeQuery(field, a, b);
      }
      case DATE: {
        long a = openLo ? Long.MIN_VALUE : parseDate(lo, field);
        long b = openHi ? Long.MAX_VALUE : parseDate(hi, field);
        if (!incLo && !openLo) a++;
        if (!incHi && !openHi) b--;
        return LongPoint.newRangeQuery(field, a, b);
      }
      case DOUBLE: {
        double a = openLo ? Double.NEGATIVE_INFINITY : parseDouble(lo, field);
        double b = openHi ? Double.POSITIVE_INFINITY : parseDouble(hi, field);
        if (!incLo && !openLo) a = Math.nextUp(a);
        if (!incHi && !openHi) b = Math.nextDown(b);
        return DoublePoint.newRangeQuery(field, a, b);
      }
      case IP: {
        InetAddress a = openLo ? InetAddressPoint.MIN_VALUE : LuceneDocuments.ip(lo);
        InetAddress b = openHi ? InetAddressPoint.MAX_VALUE : LuceneDocuments.ip(hi);
        if (a == null || b == null) throw new ParseException(field + ": expected IP addresses in the range");
        if (!incLo && !openLo) a = InetAddressPoint.nextUp(a);
        if (!incHi && !openHi) b = InetAddressPoint.nextDown(b);
        return InetAddressPoint.newRangeQuery(field, a, b);
      }
      default:
        return TermRangeQuery.newStringRange(field, openLo ? null : lo, openHi ? null : hi, incLo, incHi);
    }
  }

  @Override
  protected Query getWildcardQuery(String field, String termStr) throws ParseException {
    if (field.equals("*") && termStr.equals("*")) return new MatchAllDocsQuery();
    if (mapping.forQuery(field) == FieldType.TEXT) return super.getWildcardQuery(field, termStr);
    return new WildcardQuery(new Term(field, termStr));
  }

  @Override
  protected Query getPrefixQuery(String field, String termStr) throws ParseException {
    if (mapping.forQuery(field) == FieldType.TEXT) return super.getPrefixQuery(field, termStr);
    return new WildcardQuery(new Term(field, termStr + "*"));
  }

  private static long parseLong(String s, String field) throws ParseException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ParseException(field + ": expected a whole number but was \"" + s + "\"");
    }
  }

  private static int parseInt(String s, String field) throws ParseException {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new ParseException(field + ": expected a prefix length but was \"" + s + "\"");
    }
  }

  private static double parseDouble(String s, String field) throws ParseException {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new ParseException(field + ": expected a number but was \"" + s + "\"");
    }
  }

  /** RFC 3339 (2026-11-23T10:00:00Z), a date (2026-11-23 = its start in UTC), or epoch milliseconds. */
  static long parseDate(String s, String field) throws ParseException {
    try {
      if (s.length() == 10 && s.charAt(4) == '-') return Instant.parse(s + "T00:00:00Z").toEpochMilli();
      if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.chars().allMatch(Character::isDigit)) return Long.parseLong(s);
      return Instant.parse(s).toEpochMilli();
    } catch (RuntimeException e) {
      throw new ParseException(field + ": expected a time like 2026-11-23T10:00:00Z but was \"" + s + "\"");
    }
  }
}
