package vn.soctinh.analyzer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JSON POST to a URL (chat bots, ticketing, the province's own systems). The receiver checks
 * {@code X-SocTinh-Signature: sha256=<hex>}, the HMAC-SHA256 with the shared secret of
 * {@code <X-SocTinh-Timestamp>.<body>}; the timestamp lets it refuse replays. Only a 2xx is a delivery.
 */
public final class WebhookChannel implements Channel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final byte[] secret;
  private final HttpClient http;
  private final Clock clock;

  public WebhookChannel(URI url, byte[] secret, Clock clock) {
    this.url = url;
    this.secret = secret.clone();
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public String name() {
    return "webhook:" + url;
  }

  @Override
  public void deliver(Notification n, String subject, String body) throws Exception {
    ObjectNode o = JSON.createObjectNode().put("kind", n.kind()).put("subject", subject).put("text", body).put("sent_at", clock.instant().toString());
    ObjectNode f = o.putObject("fields");
    n.fields().forEach(f::put);
    String json = JSON.writeValueAsString(o);
    String ts = Long.toString(clock.instant().getEpochSecond());
    HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("X-SocTinh-Timestamp", ts)
        .header("X-SocTinh-Signature", "sha256=" + sign(secret, ts + "." + json))
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new IllegalStateException("HTTP " + r.statusCode() + " from " + url);
  }

  /** Hex HMAC-SHA256 of {@code text} (UTF-8) with {@code key}: what a receiver recomputes. */
  public static String sign(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
