package vn.soctinh.analyzer.detect.sigma;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open windows of one correlation, by group-by key, each charged to the sender that opened it
 * (the collector's peer address: trusted, unlike anything in the line). Two bounds:
 *
 * <ul>
 *   <li>at most {@code maxPerSender} windows opened by one sender: beyond it, that sender's own least
 *       recently used window goes, so a sender flooding unique keys (random user names, spoofed
 *       addresses) recycles its own share and cannot push out another agency's brute force;
 *   <li>at most {@code maxGroups} windows in all: beyond it, the least recently used window of the
 *       largest pool goes. A pool is the agency of the event that opened the window (the collector's
 *       attribution; the unassigned senders are one pool), so senders that forge many addresses, each
 *       under its own share, fill and recycle their own pool and do not push out another agency's
 *       windows while that agency holds less than they do.
 * </ul>
 *
 * <p>Every window sits in the map (access order) and in its sender's list (the same order restricted
 * to that sender), and every removal goes through {@link #drop}, so a sender's live count is always
 * the number of its windows in the map. Each operation is O(1): this class must never scan the
 * windows of a correlation to decide an eviction.
 *
 * <p>A window stays charged to the sender that opened it when other senders add to it: the owner of
 * an open window cannot be moved by a line. Not thread-safe (one engine, one thread).
 *
 * @param <G> what a window holds (the engine's counts)
 */
final class Windows<G> {
  /** What opening a window pushed out. */
  enum Evicted {
    NONE, SENDER_SHARE, MAX_GROUPS
  }

  private final int maxGroups;
  private final int maxPerSender;
  private final LinkedHashMap<List<String>, Window<G>> map = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Sender> senders = new HashMap<>();
  /** The pools by agency: few (the agencies), so choosing the largest is a short scan, never one of windows. */
  private final Map<String, Pool> pools = new HashMap<>();

  Windows(int maxGroups, int maxPerSender) {
    if (maxPerSender < 1 || maxPerSender > maxGroups) throw new IllegalArgumentException("need 1 <= maxPerSender <= maxGroups");
    this.maxGroups = maxGroups;
    this.maxPerSender = maxPerSender;
  }

  /** One open window: its key, its counts, who opened it, and its neighbours in its sender's list. */
  static final class Window<G> {
    final List<String> key;
    final G group;
    private final Windows<G>.Sender sender;
    private final Windows<G>.Pool pool;
    private Window<G> older;
    private Window<G> newer;
    private Window<G> poolOlder;
    private Window<G> poolNewer;

    private Window(List<String> key, G group, Windows<G>.Sender sender, Windows<G>.Pool pool) {
      this.key = key;
      this.group = group;
      this.sender = sender;
      this.pool = pool;
    }

    String sender() {
      return sender.id;
    }
  }

  /** A sender's windows in this correlation, least recently used first. */
  private final class Sender {
    final String id;
    int live;
    Window<G> eldest;
    Window<G> newest;

    Sender(String id) {
      this.id = id;
    }

    void append(Window<G> w) {
      w.older = newest;
      w.newer = null;
      if (newest != null) newest.newer = w;
      else eldest = w;
      newest = w;
      live++;
    }

    void unlink(Window<G> w) {
      if (w.older != null) w.older.newer = w.newer;
      else eldest = w.newer;
      if (w.newer != null) w.newer.older = w.older;
      else newest = w.older;
      w.older = null;
      w.newer = null;
      live--;
    }
  }

  /** An agency's windows in this correlation, least recently used first (a second list through the same windows). */
  private final class Pool {
    final String id;
    int live;
    Window<G> eldest;
    Window<G> newest;

    Pool(String id) {
      this.id = id;
    }

    void append(Window<G> w) {
      w.poolOlder = newest;
      w.poolNewer = null;
      if (newest != null) newest.poolNewer = w;
      else eldest = w;
      newest = w;
      live++;
    }

    void unlink(Window<G> w) {
      if (w.poolOlder != null) w.poolOlder.poolNewer = w.poolNewer;
      else eldest = w.poolNewer;
      if (w.poolNewer != null) w.poolNewer.poolOlder = w.poolOlder;
      else newest = w.poolOlder;
      w.poolOlder = null;
      w.poolNewer = null;
      live--;
    }
  }

  /** The window of {@code key}, or null; a window found counts as used (for both bounds). */
  G get(List<String> key) {
    Window<G> w = map.get(key);
    if (w == null) return null;
    Sender s = w.sender;
    if (s.newest != w) {
      s.unlink(w);
      s.append(w);
    }
    Pool p = w.pool;
    if (p.newest != w) {
      p.unlink(w);
      p.append(w);
    }
    return w.group;
  }

  /**
   * Opens the window of {@code key} (which has none) for {@code sender}, then pushes out at most one
   * window: the sender's own least recently used one when it is over its share, else the least
   * recently used one when there are too many. The share is looked at first, so a sender at its
   * share never pushes out another's window, even when the total is reached too. Without a share
   * ({@code maxPerSender == maxGroups}) a sender over it holds every window, and the total decides.
   */
  Evicted open(List<String> key, G group, String sender) {
    return open(key, group, sender, "");
  }

  /** As {@link #open(List, Object, String)}, for a window opened by an event of agency {@code pool}. */
  Evicted open(List<String> key, G group, String sender, String pool) {
    Sender s = put(key, group, sender, pool);
    if (maxPerSender < maxGroups && s.live > maxPerSender) {
      drop(s.eldest);
      return Evicted.SENDER_SHARE;
    }
    if (map.size() > maxGroups) {
      Pool largest = null;
      for (Pool p : pools.values()) if (largest == null || p.live > largest.live) largest = p;
      drop(largest.eldest);
      return Evicted.MAX_GROUPS;
    }
    return Evicted.NONE;
  }

  /**
   * Puts back a saved window (call in least recently used order) without evicting: a state saved
   * under larger bounds keeps its windows until they fire, close or expire, each new window pushing
   * one out meanwhile.
   */
  void restore(List<String> key, G group, String sender) {
    restore(key, group, sender, "");
  }

  void restore(List<String> key, G group, String sender, String pool) {
    put(key, group, sender, pool);
  }

  private Sender put(List<String> key, G group, String sender, String pool) {
    Sender s = senders.get(sender);
    if (s == null) senders.put(sender, s = new Sender(sender)); // not computeIfAbsent: its lambda would capture this, per window
    Pool p = pools.get(pool);
    if (p == null) pools.put(pool, p = new Pool(pool));
    Window<G> w = new Window<>(key, group, s, p);
    s.append(w); // before unlinking a window it replaces, so that s and p are not emptied and forgotten
    p.append(w);
    Window<G> before = map.put(key, w);
    if (before != null) unlink(before); // a restore over a window already held
    return s;
  }

  /** Removes the window of {@code key}, if any (fired, closed). */
  void remove(List<String> key) {
    Window<G> w = map.remove(key);
    if (w != null) unlink(w);
  }

  /** The least recently used window's counts, or null when there is none. */
  G eldest() {
    return map.isEmpty() ? null : map.values().iterator().next().group;
  }

  /** Removes the least recently used window (swept: its time has passed). */
  void removeEldest() {
    Iterator<Window<G>> it = map.values().iterator();
    if (!it.hasNext()) return;
    Window<G> w = it.next();
    it.remove(); // no second look-up of the key
    unlink(w);
  }

  private void drop(Window<G> w) {
    map.remove(w.key);
    unlink(w);
  }

  private void unlink(Window<G> w) {
    Sender s = w.sender;
    s.unlink(w);
    if (s.live == 0) senders.remove(s.id);
    Pool p = w.pool;
    p.unlink(w);
    if (p.live == 0) pools.remove(p.id);
  }

  int size() {
    return map.size();
  }

  /** The windows, least recently used first (for saving; do not change the windows meanwhile). */
  Iterable<Window<G>> inOrder() {
    return map.values();
  }

  /** Takes over every window of {@code other} in its order (a correlation that survives a reload). */
  void takeAll(Windows<G> other) {
    for (Window<G> w : other.map.values()) put(w.key, w.group, w.sender.id, w.pool.id);
  }

  /**
   * Each sender's windows counted three ways, for tests: its live count, a recount over the map and
   * a walk of its list (which must hold exactly the map's windows of that sender). O(windows).
   */
  record Census(Map<String, Integer> live, Map<String, Integer> inMap, Map<String, Integer> inLists) {}

  Census census() {
    Map<String, Integer> live = new TreeMap<>();
    for (Sender s : senders.values()) live.put(s.id, s.live);
    Map<String, Integer> inMap = new TreeMap<>();
    for (Window<G> w : map.values()) inMap.merge(w.sender.id, 1, Integer::sum);
    Map<String, Integer> inLists = new TreeMap<>();
    for (Sender s : senders.values()) {
      for (Window<G> w = s.eldest; w != null; w = w.newer) {
        // a window gone from the map but still listed is counted apart, so the maps differ
        boolean held = map.get(w.key) == w && w.sender == s;
        inLists.merge(held ? s.id : s.id + " (listed, not held)", 1, Integer::sum);
      }
    }
    return new Census(live, inMap, inLists);
  }

  /**
   * The sender of {@code log.source.address}: the collector writes "ip:port" (Java's IPv6 form has
   * all eight groups, so seven colons before the port); "[ipv6]:port", "[ipv6]" and an address
   * without a port are read too. The port is dropped: one host is one sender whatever its
   * connections. "" when there is no address (such events share one sender).
   */
  static String senderOf(String address) {
    if (address == null || address.isEmpty()) return "";
    if (address.charAt(0) == '[') {
      int end = address.indexOf(']');
      return end < 0 ? address.substring(1) : address.substring(1, end);
    }
    int last = address.lastIndexOf(':');
    if (last < 0) return address; // IPv4 or a name, no port
    int colons = 0;
    for (int i = 0; i < address.length() && colons < 8; i++) if (address.charAt(i) == ':') colons++;
    // one colon: v4:port; eight: a full IPv6 address and its port; two to seven: IPv6 without a port
    return colons == 1 || colons == 8 ? address.substring(0, last) : address;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder().append(map.size()).append(" windows;");
    for (Sender s : senders.values()) out.append(' ').append(s.id).append('=').append(s.live);
    return out.toString();
  }
}
