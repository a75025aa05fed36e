package vn.soctinh.analyzer.store.elasticsearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.StoreException;

/**
 * The query a user typed, already parsed by the same {@code StoreQueryParser} as the Lucene store,
 * written as Elasticsearch query DSL: one parser, so a query means the same thing on both stores.
 * Text fields are searched in their folded copy ({@link EsMapping#folded}), since the analysed
 * terms the parser produced are folded too.
 */
final class EsQueries {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final FieldType.Mapping mapping;

  EsQueries(FieldType.Mapping mapping) {
    this.mapping = mapping;
  }

  ObjectNode toJson(Query q) throws StoreException {
    if (q instanceof MatchAllDocsQuery) return wrap("match_all", JSON.objectNode());
    if (q instanceof MatchNoDocsQuery) return wrap("match_none", JSON.objectNode());
    if (q instanceof BoostQuery b) return toJson(b.getQuery());
    if (q instanceof ConstantScoreQuery c) return toJson(c.getQuery());
    if (q instanceof BooleanQuery b) return bool(b);
    if (q instanceof TermQuery t) return fieldValue("term", t.getTerm());
    if (q instanceof WildcardQuery w) return fieldValue("wildcard", w.getTerm());
    if (q instanceof PrefixQuery p) return fieldValue("prefix", p.getPrefix());
    if (q instanceof RegexpQuery r) return fieldValue("regexp", r.getRegexp());
    if (q instanceof FuzzyQuery f) {
      ObjectNode body = JSON.objectNode().put("value", f.getTerm().text()).put("fuzziness", f.getMaxEdits())
          .put("prefix_length", f.getPrefixLength());
      return wrap("fuzzy", JSON.objectNode().set(field(f.getTerm().field()), body));
    }
    if (q instanceof PhraseQuery p) {
      StringBuilder text = new StringBuilder();
      for (Term t : p.getTerms()) text.append(text.length() == 0 ? "" : " ").append(t.text());
      ObjectNode body = JSON.objectNode().put("query", text.toString()).put("slop", p.getSlop());
      return wrap("match_phrase", JSON.objectNode().set(field(p.getField()), body));
    }
    if (q instanceof TermRangeQuery r) {
      ObjectNode body = JSON.objectNode();
      if (r.getLowerTerm() != null) body.put(r.includesLower() ? "gte" : "gt", r.getLowerTerm().utf8ToString());
      if (r.getUpperTerm() != null) body.put(r.includesUpper() ? "lte" : "lt", r.getUpperTerm().utf8ToString());
      return wrap("range", JSON.objectNode().set(field(r.getField()), body));
    }
    if (q instanceof PointRangeQuery p) return pointRange(p);
    throw new StoreException("this query cannot run on Elasticsearch (" + q.getClass().getSimpleName() + "): " + q);
  }

  private ObjectNode bool(BooleanQuery b) throws StoreException {
    ObjectNode body = JSON.objectNode();
    for (BooleanClause c : b.clauses()) {
      String occur = switch (c.getOccur()) {
        case MUST -> "must";
        case SHOULD -> "should";
        case MUST_NOT -> "must_not";
        case FILTER -> "filter";
      };
      ArrayNode list = body.has(occur) ? (ArrayNode) body.get(occur) : body.putArray(occur);
      list.add(toJson(c.getQuery()));
    }
    if (b.getMinimumNumberShouldMatch() > 0) body.put("minimum_should_match", b.getMinimumNumberShouldMatch());
    return wrap("bool", body);
  }

  /** Ranges on points: exact values, ranges and CIDR prefixes all arrive as one inclusive range. */
  private ObjectNode pointRange(PointRangeQuery p) throws StoreException {
    if (p.getNumDims() != 1) throw new StoreException("multi-dimensional point queries are not supported: " + p);
    String f = p.getField();
    ObjectNode body = JSON.objectNode();
    switch (mapping.forQuery(f)) {
      case IP -> {
        byte[] lo = p.getLowerPoint();
        byte[] hi = p.getUpperPoint();
        if (!Arrays.equals(lo, InetAddressPoint.encode(InetAddressPoint.MIN_VALUE))) body.put("gte", InetAddressPoint.decode(lo).getHostAddress());
        if (!Arrays.equals(hi, InetAddressPoint.encode(InetAddressPoint.MAX_VALUE))) body.put("lte", InetAddressPoint.decode(hi).getHostAddress());
      }
      case LONG, DATE -> {
        long lo = LongPoint.decodeDimension(p.getLowerPoint(), 0);
        long hi = LongPoint.decodeDimension(p.getUpperPoint(), 0);
        if (lo != Long.MIN_VALUE) body.put("gte", lo);
        if (hi != Long.MAX_VALUE) body.put("lte", hi);
        if (mapping.forQuery(f) == FieldType.DATE) body.put("format", "epoch_millis");
      }
      case DOUBLE -> {
        double lo = DoublePoint.decodeDimension(p.getLowerPoint(), 0);
        double hi = DoublePoint.decodeDimension(p.getUpperPoint(), 0);
        if (lo != Double.NEGATIVE_INFINITY) body.put("gte", lo);
        if (hi != Double.POSITIVE_INFINITY) body.put("lte", hi);
      }
      default -> throw new StoreException(f + " is not a numeric, date or IP field");
    }
    if (body.isEmpty() || (body.size() == 1 && body.has("format"))) return wrap("exists", JSON.objectNode().put("field", f));
    return wrap("range", JSON.objectNode().set(f, body));
  }

  private ObjectNode fieldValue(String kind, Term t) {
    return wrap(kind, JSON.objectNode().set(field(t.field()), JSON.objectNode().put("value", t.text())));
  }

  /** Where a field's terms are in Elasticsearch: text fields in their folded copy. */
  private String field(String f) {
    return mapping.forQuery(f) == FieldType.TEXT ? EsMapping.folded(f) : f;
  }

  private static ObjectNode wrap(String kind, ObjectNode body) {
    ObjectNode n = JSON.objectNode();
    n.set(kind, body);
    return n;
  }
}
