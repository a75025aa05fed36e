package vn.soctinh.analyzer.store.lucene;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.Quarantine;

/**
 * An event as a Lucene document: the whole event in {@code _source} ({@link BinarySource}), its id and version,
 * and each field indexed by its type (points for numbers, dates and IPs; terms for keywords; the
 * folding analyzer for text) with doc values for sorting and aggregations. The only place that
 * knows Lucene's field classes; the event model knows nothing of Lucene.
 */
final class LuceneDocuments {
  /**
   * The id is the event's own {@code event.id} keyword (terms and sorted-set doc values), not a second
   * copy under another name: an id is unique per document, so its terms are the costliest to index.
   */
  static final String ID = "event.id";
  static final String SOURCE = "_source";
  static final String VERSION = "_version";
  /** The time of a document, and the field the current format sorts each partition by ({@link LucenePartition#INDEX_SORT}). */
  static final String TIMESTAMP = "@timestamp";
  /** Keyword values longer than this are stored but not indexed: they are not what anyone searches for. */
  static final int MAX_KEYWORD_BYTES = 4096;

  private LuceneDocuments() {}

  static Document toDocument(String id, Event e, long version, FieldType.Mapping mapping) {
    if (!id.equals(e.getString(ID))) throw new IllegalArgumentException("document id " + id + " is not its event.id " + e.getString(ID));
    for (int i = 0; i < e.size(); i++) {
      String name = e.name(i);
      // _source and _version are the document's own; a sender's field under such a name (or none)
      // would be a second field of another kind in the same document, which Lucene 9.12 can fail on
      // with an aborting error that closes the writer for everyone: refuse it (quarantine) instead
      if (name.isEmpty() || name.charAt(0) == '_' || name.equals("tags")) {
        throw new IllegalArgumentException("field name \"" + name + "\" is reserved by the store");
      }
    }
    // the index is sorted by @timestamp: one value that is a date, or none (a list, a map or a word
    // would give the sort field another kind of values, which Lucene 9.12 fails on at flush and
    // then closes the writer for every event)
    Object t = e.get(TIMESTAMP);
    if (t != null && !(t instanceof java.time.Instant) && !(t instanceof String str && parseInstant(str) != null)) {
      throw new IllegalArgumentException(TIMESTAMP + " is not a date: " + (t instanceof String ? "\"" + t + "\"" : t.getClass().getSimpleName()));
    }
    Document d = new Document();
    d.add(new StoredField(SOURCE, BinarySource.write(e)));
    d.add(new StoredField(VERSION, version));
    d.add(new NumericDocValuesField(VERSION, version));
    e.forEach((name, value) -> add(d, name, value, mapping));
    for (String tag : e.tags()) {
      d.add(new StringField("tags", tag, Field.Store.NO));
      d.add(new SortedSetDocValuesField("tags", new BytesRef(tag)));
    }
    return d;
  }

  /**
   * What is kept in the quarantine partition in place of a document Lucene refused for what it
   * contains ({@link Quarantine}); its id, the refused document's, is the quarantined event's
   * {@link #ID}, so writing it with updateDocument keeps one copy however often it is refused.
   */
  static Document quarantined(Event refused, DocKind kind, IllegalArgumentException reason, FieldType.Mapping mapping) {
    Event q = Quarantine.of(refused, kind, String.valueOf(reason.getMessage()), Instant.now());
    return toDocument(q.getString(ID), q, 1, mapping);
  }

  static Event fromSource(BytesRef source) {
    return BinarySource.read(source);
  }

  private static void add(Document d, String name, Object value, FieldType.Mapping mapping) {
    if (value instanceof List<?> list) {
      for (Object v : list) if (v != null && !(v instanceof List) && !(v instanceof Map)) add(d, name, v, mapping);
      return;
    }
    if (value instanceof Map<?, ?> map) {
      // free-form objects: one level of keyword fields, name.key
      for (Map.Entry<?, ?> en : map.entrySet()) {
        Object v = en.getValue();
        if (v instanceof Map || v == null) continue;
        add(d, name + "." + en.getKey(), v instanceof List ? v : String.valueOf(v), mapping);
      }
      return;
    }
    FieldType t = name.equals(ID) ? FieldType.KEYWORD : mapping.of(name, value);
    switch (t) {
      case STORED -> { }
      case TEXT -> d.add(new TextField(name, value.toString(), Field.Store.NO));
      case LONG -> {
        Long v = value instanceof Number n ? n.longValue() : Values.parseLong(value.toString());
        if (v == null) keyword(d, name, value.toString());
        else {
          d.add(new LongPoint(name, v));
          d.add(new SortedNumericDocValuesField(name, v));
        }
      }
      case DOUBLE -> {
        double v = value instanceof Number n ? n.doubleValue() : Double.NaN;
        d.add(new DoublePoint(name, v));
        d.add(new SortedNumericDocValuesField(name, NumericUtils.doubleToSortableLong(v)));
      }
      case DATE -> {
        Instant i = value instanceof Instant x ? x : parseInstant(value.toString());
        // The sort field cannot fall back to a keyword: its doc values would not be the sort's type.
        // Lucene 9 refuses such a document too, but when it is the only one of a flushed segment to
        // carry the field, sorting the segment fails with a NullPointerException and the writer is
        // lost (apache/lucene#15125, fixed in 10.x). Refused here it is quarantined like any other,
        // as Elasticsearch, whose @timestamp is a date, does.
        if (i == null && name.equals(TIMESTAMP)) throw new IllegalArgumentException(TIMESTAMP + " is not a date: \"" + value + "\"");
        if (i == null) keyword(d, name, value.toString());
        else {
          long ms = i.toEpochMilli();
          d.add(new LongPoint(name, ms));
          d.add(new SortedNumericDocValuesField(name, ms));
        }
      }
      case IP -> {
        InetAddress a = ip(value.toString());
        if (a == null) keyword(d, name, value.toString());
        else {
          d.add(new InetAddressPoint(name, a));
          d.add(new SortedSetDocValuesField(name, new BytesRef(value.toString())));
        }
      }
      case BOOLEAN, KEYWORD -> keyword(d, name, value.toString());
      default -> throw new IllegalStateException(t.toString());
    }
  }

  private static void keyword(Document d, String name, String v) {
    BytesRef b = new BytesRef(v);
    if (b.length > MAX_KEYWORD_BYTES) return;
    d.add(new StringField(name, b, Field.Store.NO));
    d.add(new SortedSetDocValuesField(name, b));
  }

  static Instant parseInstant(String s) {
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** An IP literal as an address, without DNS; null when it is not one. */
  static InetAddress ip(String s) {
    if (!Values.isIp(s)) return null;
    try {
      return InetAddress.getByName(s.indexOf('%') > 0 ? s.substring(0, s.indexOf('%')) : s);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
