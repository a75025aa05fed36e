package vn.soctinh.analyzer.org;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/**
 * The organisations and information systems of the province, immutable, with the look-ups the
 * pipeline needs: an organisation's name and subtree, and which system an event concerns. Built
 * by {@link OrgFile} (which validates); a change makes a new directory.
 */
public final class OrgDirectory {
  /** Where the system an event concerns is looked for, in this order: the host first, then the target, then the source. */
  static final List<String> HOST_FIELDS = List.of("host.name", "host.hostname");
  static final List<String> IP_FIELDS = List.of("host.ip", "destination.ip", "server.ip", "source.ip", "client.ip");
  static final List<String> NAME_FIELDS = List.of("url.domain", "destination.domain", "server.domain", "tls.client.server_name");

  private final Map<String, Organization> orgs;
  private final Map<String, InfoSystem> systems;
  private final Map<String, List<String>> children = new HashMap<>();
  private final Map<String, InfoSystem> byName = new HashMap<>();
  private final Map<String, InfoSystem> byIp = new HashMap<>();
  private final List<Net> nets = new ArrayList<>();

  private record Net(vn.soctinh.collector.source.Cidr cidr, InfoSystem system) {}

  public OrgDirectory(Collection<Organization> orgs, Collection<InfoSystem> systems) {
    this.orgs = new LinkedHashMap<>();
    for (Organization o : orgs) this.orgs.put(o.id(), o);
    this.systems = new LinkedHashMap<>();
    for (InfoSystem s : systems) this.systems.put(s.id(), s);
    for (Organization o : orgs) if (o.parent() != null) children.computeIfAbsent(o.parent(), k -> new ArrayList<>()).add(o.id());
    for (InfoSystem s : systems) {
      for (String a : s.addresses()) {
        String host = hostOf(a);
        if (host != null) {
          byName.putIfAbsent(host, s);
          continue;
        }
        vn.soctinh.collector.source.Cidr c = OrgFile.cidr(a);
        if (c == null) continue; // OrgFile refused it already
        if (a.indexOf('/') < 0) byIp.putIfAbsent(key(c.network()), s);
        else nets.add(new Net(c, s));
      }
    }
    nets.sort(Comparator.comparingInt((Net n) -> n.cidr().prefix()).reversed()); // the most specific network wins
  }

  public static OrgDirectory empty() {
    return new OrgDirectory(List.of(), List.of());
  }

  public Collection<Organization> organizations() {
    return orgs.values();
  }

  public Collection<InfoSystem> systems() {
    return systems.values();
  }

  public Organization organization(String id) {
    return id == null ? null : orgs.get(id);
  }

  public InfoSystem system(String id) {
    return id == null ? null : systems.get(id);
  }

  /** The organisation and everything under it (merged organisations included): what its viewers may see. */
  public Set<String> subtree(String id) {
    Set<String> out = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(id));
    while (!todo.isEmpty()) {
      String x = todo.remove(todo.size() - 1);
      if (!out.add(x)) continue;
      todo.addAll(children.getOrDefault(x, List.of()));
    }
    return out;
  }

  /** From the root down to {@code id}. */
  public List<Organization> path(String id) {
    List<Organization> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Organization o = orgs.get(id); o != null && seen.add(o.id()); o = orgs.get(o.parent())) out.add(0, o);
    return out;
  }

  /**
   * {@code from} absorbed by {@code into} (an agency merger): it moves under {@code into}, keeps its
   * systems and history, and is marked merged.
   *
   * @throws IllegalArgumentException for an unknown id, or when {@code into} is inside {@code from}
   */
  public OrgDirectory merge(String from, String into) {
    Organization f = orgs.get(from);
    if (f == null) throw new IllegalArgumentException("no organisation " + from);
    if (!orgs.containsKey(into)) throw new IllegalArgumentException("no organisation " + into);
    if (subtree(from).contains(into)) throw new IllegalArgumentException(into + " is inside " + from + ": merging would make a cycle");
    List<Organization> next = new ArrayList<>();
    for (Organization o : orgs.values()) {
      next.add(o.id().equals(from) ? new Organization(o.id(), o.code(), o.name(), into, o.kind(), o.contacts(), into, o.sources()) : o);
    }
    return new OrgDirectory(next, systems.values());
  }

  /** The collector's source table rows of every organisation that lists sources here. */
  public List<vn.soctinh.collector.source.SourceEntry> sourceEntries() {
    List<vn.soctinh.collector.source.SourceEntry> out = new ArrayList<>();
    for (Organization o : orgs.values()) {
      if (o.sources() == null) continue;
      out.add(new vn.soctinh.collector.source.SourceEntry(o.id(), o.name(), o.sources().cidrs(), o.sources().tlsNames(), o.sources().tokens()));
    }
    return out;
  }

  /** The system an event concerns: by host name, then by address (exact, then the longest network), then by domain; or null. */
  public InfoSystem systemFor(Event e) {
    if (systems.isEmpty()) return null;
    for (String f : HOST_FIELDS) {
      String v = e.getString(f);
      if (v != null) {
        InfoSystem s = byName.get(v.toLowerCase(Locale.ROOT));
        if (s != null) return s;
      }
    }
    for (String f : IP_FIELDS) {
      Object v = e.get(f);
      if (v instanceof List<?> l) {
        for (Object o : l) {
          InfoSystem s = byAddress(String.valueOf(o));
          if (s != null) return s;
        }
      } else if (v != null) {
        InfoSystem s = byAddress(String.valueOf(v));
        if (s != null) return s;
      }
    }
    for (String f : NAME_FIELDS) {
      String v = e.getString(f);
      if (v == null) continue;
      String d = v.toLowerCase(Locale.ROOT);
      // the name, then each parent domain: www.dichvucong.example matches dichvucong.example
      while (true) {
        InfoSystem s = byName.get(d);
        if (s != null) return s;
        int dot = d.indexOf('.');
        if (dot < 0 || d.indexOf('.', dot + 1) < 0) break;
        d = d.substring(dot + 1);
      }
    }
    return null;
  }

  /**
   * The system whose addresses hold the sender's own address ({@code log.source.address}, the
   * collector's peer, "ip:port"): not what the line says about itself, but where it came from.
   */
  public InfoSystem systemOfSender(Event e) {
    if (systems.isEmpty()) return null;
    String peer = e.getString("log.source.address");
    if (peer == null) return null;
    int colon = peer.lastIndexOf(':');
    return byAddress(colon < 0 ? peer : peer.substring(0, colon));
  }

  private InfoSystem byAddress(String ip) {
    if (!Values.isIp(ip)) return null;
    byte[] b = bytes(ip);
    if (b == null) return null;
    InfoSystem s = byIp.get(key(b));
    if (s != null) return s;
    for (Net n : nets) if (n.cidr().contains(b)) return n.system();
    return null;
  }

  /** The host of a URL or a host name, lower-cased; null for an IP address or network. */
  static String hostOf(String address) {
    String a = address.strip();
    if (a.contains("://")) {
      try {
        String h = URI.create(a).getHost();
        return h == null ? null : h.toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    int slash = a.indexOf('/');
    String ip = slash < 0 ? a : a.substring(0, slash);
    if (Values.isIp(ip)) return null;
    return a.toLowerCase(Locale.ROOT);
  }

  static byte[] bytes(String ip) {
    if (!Values.isIp(ip)) return null;
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String key(byte[] b) {
    return java.util.Base64.getEncoder().encodeToString(b);
  }
}
