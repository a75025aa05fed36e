package vn.soctinh.analyzer.decode.netflow;

import java.util.HashSet;
import java.util.Set;

/**
 * A (data or options) template: the fields of the records of one template id, in order. Built by
 * the v9 and IPFIX readers, and once for the fixed NetFlow v5 record. Immutable.
 */
final class Template {
  /** Field length meaning "variable length, given in the record" (RFC 7011 section 7). */
  static final int VARIABLE = 65535;
  /** More fields than any real exporter sends; a bound on what one template may cost. */
  static final int MAX_FIELDS = 512;

  final int id;
  final boolean options;
  /** How many of the first fields are scope fields (options templates), else 0. */
  final int scopeCount;
  final InformationElement[] elements;
  final int[] lengths;
  /** The least bytes a record can take (a variable-length field takes at least its 1-byte length). */
  final int minRecordLength;
  /** Whether an element appears more than once (then its values are collected into a list). */
  final boolean repeats;

  Template(int id, boolean options, int scopeCount, InformationElement[] elements, int[] lengths) {
    this.id = id;
    this.options = options;
    this.scopeCount = scopeCount;
    this.elements = elements;
    this.lengths = lengths;
    int min = 0;
    for (int len : lengths) min += len == VARIABLE ? 1 : len;
    this.minRecordLength = min;
    Set<String> seen = new HashSet<>();
    boolean again = false;
    for (InformationElement e : elements) again |= !seen.add(e.field());
    this.repeats = again;
  }

  int fieldCount() {
    return elements.length;
  }
}
