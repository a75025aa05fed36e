package vn.soctinh.analyzer.store.lucene;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.IndexableFieldType;

/**
 * What each field of a partition is (its doc values type, point shape and index options), checked
 * before a document reaches the IndexWriter. Lucene refuses a document whose field would change
 * kind (a port indexed as a number, then as a word), but when the refused document is the first of
 * an in-memory segment to carry the sort field, flushing that segment fails with a
 * NullPointerException and the writer closes itself for everyone (apache/lucene#15125, fixed in
 * 10.x; found by {@code LucenePipelineFuzzTest}). Refused here, before Lucene sees it, the document
 * is quarantined like any other and the writer never learns of it.
 *
 * <p>A field's shape is reserved by the first document that gives it, before that document is
 * added: two documents indexed at once by different threads cannot both give one new field two
 * kinds.
 */
final class FieldShapes {
  /** One field's kind; an unset part (NONE, 0 dimensions) is not yet known. */
  record Shape(DocValuesType docValues, int pointDimensions, int pointBytes, IndexOptions indexOptions) {
    static final Shape NONE = new Shape(DocValuesType.NONE, 0, 0, IndexOptions.NONE);

    /** This shape with what {@code t} adds; throws when {@code t} gives a known part another value. */
    Shape with(String name, IndexableFieldType t) {
      DocValuesType dv = docValues;
      if (t.docValuesType() != DocValuesType.NONE) {
        if (dv != DocValuesType.NONE && dv != t.docValuesType()) throw conflict(name, "doc values " + dv + " and " + t.docValuesType());
        dv = t.docValuesType();
      }
      int dims = pointDimensions;
      int bytes = pointBytes;
      if (t.pointDimensionCount() > 0) {
        if (dims > 0 && (dims != t.pointDimensionCount() || bytes != t.pointNumBytes())) {
          throw conflict(name, "points of " + dims + "×" + bytes + " and " + t.pointDimensionCount() + "×" + t.pointNumBytes() + " bytes");
        }
        dims = t.pointDimensionCount();
        bytes = t.pointNumBytes();
      }
      IndexOptions io = indexOptions;
      if (t.indexOptions() != IndexOptions.NONE) {
        if (io != IndexOptions.NONE && io != t.indexOptions()) throw conflict(name, "index options " + io + " and " + t.indexOptions());
        io = t.indexOptions();
      }
      return dv == docValues && dims == pointDimensions && bytes == pointBytes && io == indexOptions ? this : new Shape(dv, dims, bytes, io);
    }

    private static IllegalArgumentException conflict(String name, String what) {
      return new IllegalArgumentException("field \"" + name + "\" would be indexed two ways: " + what);
    }
  }

  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  /** The shapes an existing index already gives its fields. */
  void learn(FieldInfos infos) {
    for (FieldInfo fi : infos) {
      shapes.put(fi.name, new Shape(fi.getDocValuesType(), fi.getPointDimensionCount(), fi.getPointNumBytes(), fi.getIndexOptions()));
    }
  }

  /**
   * Checks a document against the partition's fields and reserves the shapes it adds; throws
   * {@link IllegalArgumentException} (nothing reserved) when a field would change kind.
   */
  void admit(Iterable<? extends IndexableField> doc) {
    Map<String, Shape> local = null;
    // one look-up per field in the common case (a known field of an unchanged kind): this runs for
    // every field of every stored event
    for (IndexableField f : doc) {
      String n = f.name();
      Shape mine = local == null ? null : local.get(n);
      Shape known = mine != null ? mine : shapes.get(n);
      Shape next = (known == null ? Shape.NONE : known).with(n, f.fieldType());
      if (next != known) {
        if (local == null) local = new HashMap<>();
        local.put(n, next);
      }
    }
    if (local == null) return;
    synchronized (this) {
      // again under the lock: another thread may have reserved one of these fields meanwhile
      for (Map.Entry<String, Shape> en : local.entrySet()) {
        Shape now = shapes.get(en.getKey());
        if (now != null && !now.equals(en.getValue())) {
          Shape merged = now;
          Shape mine = en.getValue();
          merged = merged.with(en.getKey(), shapeOf(mine));
          en.setValue(merged);
        }
      }
      shapes.putAll(local);
    }
  }

  /** A field type carrying a shape's parts, to merge two shapes with the same check. */
  private static IndexableFieldType shapeOf(Shape s) {
    org.apache.lucene.document.FieldType t = new org.apache.lucene.document.FieldType();
    t.setDocValuesType(s.docValues());
    if (s.pointDimensions() > 0) t.setDimensions(s.pointDimensions(), s.pointBytes());
    t.setIndexOptions(s.indexOptions());
    return t;
  }
}
