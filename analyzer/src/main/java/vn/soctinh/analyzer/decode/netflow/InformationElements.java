package vn.soctinh.analyzer.decode.netflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The IPFIX information-element table ({@code ipfix-elements.tsv}) and the IANA protocol keywords
 * ({@code iana-protocols.tsv}), loaded once from the class path. Mapping is data: adding an element
 * is a line in the file, not a case in a switch. Immutable after loading, so one instance serves
 * every decoder.
 */
final class InformationElements {
  private static final int MAX_ID = 0x7FFF;
  private static final InformationElement PADDING = new InformationElement(210, 0, "netflow.padding_octets", ElementType.PADDING);

  private final InformationElement[] iana = new InformationElement[MAX_ID + 1];
  private final InformationElement[] reverse = new InformationElement[MAX_ID + 1];
  private final String[] protocols = new String[256];

  private static final class Holder {
    static final InformationElements STANDARD = new InformationElements();
  }

  static InformationElements standard() {
    return Holder.STANDARD;
  }

  private InformationElements() {
    read("ipfix-elements.tsv", cols -> {
      int id = Integer.parseInt(cols[0]);
      String snake = cols.length > 3 ? cols[3] : snakeCase(cols[1]);
      ElementType type = id == PADDING.id() ? ElementType.PADDING : ElementType.of(cols[2]);
      iana[id] = new InformationElement(id, InformationElement.IANA, "netflow." + snake, type);
      reverse[id] = new InformationElement(id, InformationElement.REVERSE_PEN, "netflow.reverse_" + snake, type);
    });
    read("iana-protocols.tsv", cols -> protocols[Integer.parseInt(cols[0])] = cols[1]);
  }

  /** The element a template field names; unknown ones are kept as hex under a name built from their numbers. */
  InformationElement element(int id, long pen) {
    // NetFlow v9 field types use all 16 bits (vendors number theirs from 32768 up)
    boolean inTable = id >= 0 && id <= MAX_ID;
    if (inTable && pen == InformationElement.IANA && iana[id] != null) return iana[id];
    if (inTable && pen == InformationElement.REVERSE_PEN && reverse[id] != null) return reverse[id];
    String field = pen == InformationElement.IANA ? "netflow.element_" + id : "netflow.enterprise_" + pen + "_" + id;
    return new InformationElement(id, pen, field, ElementType.OCTETS);
  }

  /** NetFlow v9 options scope field types (RFC 3954 section 6.1): their own numbering, not IPFIX's. */
  InformationElement v9Scope(int type) {
    String name = switch (type) {
      case 1 -> "system";
      case 2 -> "interface";
      case 3 -> "line_card";
      case 4 -> "cache";
      case 5 -> "template";
      default -> "type_" + type;
    };
    return new InformationElement(type, InformationElement.V9_SCOPE, "netflow.scope." + name, type <= 5 ? ElementType.UNSIGNED : ElementType.OCTETS);
  }

  /** The IANA keyword of a protocol number in lower case (tcp, udp, ipv6-icmp), or null. */
  String protocol(int number) {
    return number >= 0 && number < protocols.length ? protocols[number] : null;
  }

  /** sourceIPv4Address → source_ipv4_address: words at case changes, IPv4/IPv6 kept whole, acronyms as one word. */
  static String snakeCase(String name) {
    String s = name.replace("IPv4", "Ipv4").replace("IPv6", "Ipv6");
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char prev = s.charAt(i - 1);
        boolean nextLower = i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) b.append('_');
      }
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  private interface Row {
    void accept(String[] cols);
  }

  private static void read(String resource, Row row) {
    try (InputStream in = InformationElements.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) continue;
        row.accept(line.split("\t"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
