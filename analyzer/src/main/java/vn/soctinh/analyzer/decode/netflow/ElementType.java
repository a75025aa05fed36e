package vn.soctinh.analyzer.decode.netflow;

/** The abstract data types of RFC 7012 section 3.1, as far as they change how a value is read. */
enum ElementType {
  UNSIGNED, SIGNED, FLOAT, BOOLEAN, MAC, STRING, OCTETS, DATE_SECONDS, DATE_MILLIS, DATE_MICROS, DATE_NANOS, IPV4, IPV6,
  /** basicList, subTemplateList, subTemplateMultiList (RFC 6313): kept as hex, not unpacked. */
  LIST,
  /** paddingOctets: skipped. */
  PADDING;

  /** The type for an IANA data type name; OCTETS for names this reader does not know. */
  static ElementType of(String iana) {
    return switch (iana) {
      case "unsigned8", "unsigned16", "unsigned32", "unsigned64" -> UNSIGNED;
      case "signed8", "signed16", "signed32", "signed64" -> SIGNED;
      case "float32", "float64" -> FLOAT;
      case "boolean" -> BOOLEAN;
      case "macAddress" -> MAC;
      case "string" -> STRING;
      case "dateTimeSeconds" -> DATE_SECONDS;
      case "dateTimeMilliseconds" -> DATE_MILLIS;
      case "dateTimeMicroseconds" -> DATE_MICROS;
      case "dateTimeNanoseconds" -> DATE_NANOS;
      case "ipv4Address" -> IPV4;
      case "ipv6Address" -> IPV6;
      case "basicList", "subTemplateList", "subTemplateMultiList" -> LIST;
      default -> OCTETS;
    };
  }
}
