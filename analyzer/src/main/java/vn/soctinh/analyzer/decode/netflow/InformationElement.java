package vn.soctinh.analyzer.decode.netflow;

/**
 * One field type a template may name: an IANA element ({@code pen} 0), a reverse element of a
 * biflow (RFC 5103, {@code pen} 29305), another enterprise's element, or a NetFlow v9 scope field
 * ({@code pen} {@link #V9_SCOPE}).
 *
 * @param id the element id (without the enterprise bit)
 * @param pen the private enterprise number, 0 for IANA elements
 * @param field the event field it is stored under, {@code netflow.<snake_case name>}
 * @param type how its bytes are read
 */
record InformationElement(int id, long pen, String field, ElementType type) {
  static final long IANA = 0;
  /** RFC 5103: the reverse-direction twin of every IANA element has this enterprise number. */
  static final long REVERSE_PEN = 29305;
  /** Not an enterprise: marks NetFlow v9 scope fields, which number their types apart from IPFIX. */
  static final long V9_SCOPE = -1;

  boolean iana() {
    return pen == IANA;
  }

  boolean reverse() {
    return pen == REVERSE_PEN;
  }
}
