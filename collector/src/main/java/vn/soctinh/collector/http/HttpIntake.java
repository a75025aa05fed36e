package vn.soctinh.collector.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetSocketAddress;
import java.util.List;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.Clocks;
import vn.soctinh.collector.net.HttpSettings;
import vn.soctinh.collector.net.SenderAttribution;

/**
 * {@code POST /api/v1/ingest}: NDJSON or a JSON array of log messages, each stored as one journal
 * record. Answered only after the journal has the batch durably, so a client that got 200 can forget
 * its copy. Errors are JSON: {@code {"error": CODE, "message": TEXT}}.
 */
public final class HttpIntake {
  public static final String PATH = "/api/v1/ingest";

  private final HttpSettings settings;
  private final RecordAppender journal;
  private final SenderAttribution attribution;
  private final ListenerMetrics metrics;

  public HttpIntake(HttpSettings settings, RecordAppender journal, SenderAttribution attribution, ListenerMetrics metrics) {
    this.settings = settings;
    this.journal = journal;
    this.attribution = attribution;
    this.metrics = metrics;
  }

  public void mount(Router router) {
    // the token and the journal are checked on the headers, before a byte of the body is buffered:
    // a stranger cannot make the intake hold max_body_bytes per connection only to be refused
    router.post(PATH).handler(this::admit);
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()).setHandleFileUploads(false));
    router.post(PATH).handler(this::ingest);
  }

  private static final String AGENCY = "soctinh.intake.agency";

  /** The sender's token and the journal's room, from the headers alone; a refusal closes the connection. */
  private void admit(RoutingContext rc) {
    String token = token(rc);
    String tokenAgency = attribution.sources().get().byToken(token);
    if (token != null && tokenAgency == null) {
      refuse(rc, 401, "unknown_token", "the intake token is not in the sources table");
      return;
    }
    if (tokenAgency == null && settings.requireToken()) {
      refuse(rc, 401, "token_required", "send an intake token: Authorization: Bearer TOKEN");
      return;
    }
    if (!journal.accepting()) {
      metrics.rejected("journal_full");
      rc.response().putHeader("Retry-After", "10");
      refuse(rc, 503, "journal_full", "the journal is over its disk budget; retry later");
      return;
    }
    if (tokenAgency != null) rc.put(AGENCY, tokenAgency);
    rc.next();
  }

  private static void refuse(RoutingContext rc, int status, String code, String message) {
    rc.response().putHeader("Connection", "close");
    error(rc, status, code, message);
  }

  private void ingest(RoutingContext rc) {
    String tokenAgency = rc.get(AGENCY);
    InetSocketAddress peer = new InetSocketAddress(rc.request().remoteAddress().host(), rc.request().remoteAddress().port());
    ConnectionMeta meta = attribution.metaForToken(peer, tokenAgency);
    byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    List<JsonArraySplitter.Slice> slices;
    String type = rc.request().getHeader("Content-Type");
    boolean array = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json") && firstNonBlank(body) == '[';
    try {
      slices = array ? JsonArraySplitter.jsonArray(body) : JsonArraySplitter.ndjson(body);
    } catch (JsonArraySplitter.InvalidBody e) {
      error(rc, 400, "invalid_json", e.getMessage());
      return;
    }
    if (slices.isEmpty()) {
      rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("accepted", 0).encode());
      return;
    }
    long now = Clocks.epochNanos();
    RecordBatch batch = new RecordBatch(ByteBufAllocator.DEFAULT, body.length + slices.size() * 96);
    var wrapped = Unpooled.wrappedBuffer(body);
    long bytes = 0;
    for (JsonArraySplitter.Slice s : slices) {
      batch.add(meta, now, 0, wrapped, s.offset(), s.length());
      bytes += s.length();
    }
    int count = batch.count();
    metrics.received(meta.agency()).add(count, bytes);
    Context ctx = Vertx.currentContext();
    journal.append(batch).whenComplete((first, err) -> ctx.runOnContext(v -> {
      if (err != null) {
        error(rc, 500, "journal_error", "the journal could not store the batch: " + err.getMessage());
      } else {
        rc.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("accepted", count).put("first_offset", first).put("agency", meta.agency()).encode());
      }
    }));
  }

  private static int firstNonBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r' && x != '\n') return x;
    }
    return -1;
  }

  private static String token(RoutingContext rc) {
    String auth = rc.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
    return rc.request().getHeader("X-SocTinh-Token");
  }

  static void error(RoutingContext rc, int status, String code, String message) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
