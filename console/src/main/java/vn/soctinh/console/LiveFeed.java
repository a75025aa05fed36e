package vn.soctinh.console;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import vn.soctinh.console.auth.Principal;

/**
 * New alerts and incident changes pushed to browsers over WebSocket, each viewer getting only what
 * its agency scope allows. Every item has a sequence number; a browser that reconnects with
 * {@code ?after=N} first gets what it missed from a bounded buffer, or a {@code gap} message (reload
 * from the REST API) when the buffer no longer reaches back that far.
 */
public final class LiveFeed {
  /** One pushed item: its sequence, kind (alert, incident), the agencies it concerns and the document. */
  public record Item(long seq, String kind, List<String> orgs, JsonObject data) {
    JsonObject message() {
      return new JsonObject().put("seq", seq).put("kind", kind).put("data", data);
    }
  }

  private record Viewer(ServerWebSocket socket, Principal who, String session) {}

  private final int capacity;
  private final Deque<Item> buffer = new ArrayDeque<>();
  private final AtomicLong seq = new AtomicLong();
  private final Map<ServerWebSocket, Viewer> viewers = new ConcurrentHashMap<>();

  public LiveFeed(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  public void publish(String kind, List<String> orgs, JsonObject data) {
    Item item;
    synchronized (buffer) {
      item = new Item(seq.incrementAndGet(), kind, List.copyOf(orgs), data);
      buffer.addLast(item);
      while (buffer.size() > capacity) buffer.removeFirst();
    }
    String text = item.message().encode();
    for (Viewer v : viewers.values()) {
      if (visible(v.who(), item)) send(v.socket(), text);
    }
  }

  private static boolean visible(Principal p, Item i) {
    return p.seesAny(i.orgs()) && (p.seesDrills() || !drill(i.data()));
  }

  /** A drill's alert (labels.drill) or incident summary (drill: true). */
  private static boolean drill(JsonObject d) {
    Object labels = d.getValue("labels");
    if (labels instanceof JsonObject l && "true".equals(String.valueOf(l.getValue("drill")))) return true;
    return Boolean.TRUE.equals(d.getValue("drill"));
  }

  private static void send(ServerWebSocket ws, String text) {
    // a slow browser does not hold the feed: past its write queue, it is told to catch up by REST
    if (ws.writeQueueFull()) {
      ws.close((short) 4000, "too slow: reconnect");
      return;
    }
    ws.writeTextMessage(text);
  }

  /** Registers a connected browser and sends what it missed after {@code after} (0: nothing). */
  public void join(ServerWebSocket ws, Principal who, long after) {
    join(ws, who, null, after);
  }

  /** As {@link #join(ServerWebSocket, Principal, long)}, for a browser of session {@code session} (null: a token). */
  public void join(ServerWebSocket ws, Principal who, String session, long after) {
    List<Item> missed = new ArrayList<>();
    boolean gap;
    long latest;
    synchronized (buffer) {
      latest = seq.get();
      long oldest = buffer.isEmpty() ? latest + 1 : buffer.peekFirst().seq();
      gap = after > 0 && after < oldest - 1;
      if (after > 0) for (Item i : buffer) if (i.seq() > after && visible(who, i)) missed.add(i);
      viewers.put(ws, new Viewer(ws, who, session));
    }
    ws.writeTextMessage(new JsonObject().put("kind", "hello").put("seq", latest).put("gap", gap).encode());
    for (Item i : missed) send(ws, i.message().encode());
    ws.closeHandler(v -> viewers.remove(ws));
  }

  /**
   * Closes the feeds of an ended session ({@code session} set), or all of a user's ({@code session}
   * null: disabled, removed, its role changed): what a feed may push was decided when it joined.
   */
  public void close(String session, String user) {
    for (Viewer v : viewers.values()) {
      if (session != null ? session.equals(v.session()) : v.who().name().equals(user)) {
        viewers.remove(v.socket());
        v.socket().close((short) 4001, "session ended");
      }
    }
  }

  /** Pings every open feed, so that a quiet one is not closed as idle ({@code console.idle_timeout_secs}). */
  public void ping() {
    for (Viewer v : viewers.values()) {
      if (!v.socket().writeQueueFull()) v.socket().writePing(io.vertx.core.buffer.Buffer.buffer());
    }
  }

  public int viewers() {
    return viewers.size();
  }

  public long lastSeq() {
    return seq.get();
  }
}
