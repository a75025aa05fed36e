package vn.soctinh.analyzer.notify;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** E-mail over SMTP (Vert.x mail client), with STARTTLS required by default and AUTH when a user is set. */
public final class MailChannel implements Channel {
  /** @param starttls required (refuse a server without it), optional, or disabled */
  public record Settings(String host, int port, String starttls, String username, String password, String from, List<String> to, boolean trustAll) {}

  private final Settings s;
  private final MailClient client;

  public MailChannel(Vertx vertx, Settings s) {
    this.s = s;
    MailConfig c = new MailConfig().setHostname(s.host()).setPort(s.port())
        .setStarttls(switch (s.starttls()) {
          case "optional" -> StartTLSOptions.OPTIONAL;
          case "disabled" -> StartTLSOptions.DISABLED;
          default -> StartTLSOptions.REQUIRED;
        })
        .setTrustAll(s.trustAll());
    if (s.username() != null && !s.username().isEmpty()) {
      c.setLogin(LoginOption.REQUIRED).setUsername(s.username()).setPassword(s.password());
    } else {
      c.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.createShared(vertx, c, "soctinh-mail-" + s.host() + ":" + s.port());
  }

  @Override
  public String name() {
    return "mail:" + String.join(",", s.to());
  }

  /** A mail with one attached file (a scheduled report), to {@code to} or the channel's recipients. */
  public void sendFile(List<String> to, String subject, String body, String fileName, byte[] content, String contentType) throws Exception {
    io.vertx.ext.mail.MailAttachment a = io.vertx.ext.mail.MailAttachment.create().setName(fileName).setContentType(contentType)
        .setData(io.vertx.core.buffer.Buffer.buffer(content));
    MailMessage m = new MailMessage().setFrom(s.from()).setTo(to == null || to.isEmpty() ? s.to() : to).setSubject(subject).setText(body)
        .setAttachment(List.of(a));
    client.sendMail(m).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void deliver(Notification n, String subject, String body) throws Exception {
    MailMessage m = new MailMessage().setFrom(s.from()).setTo(s.to()).setSubject(subject).setText(body);
    client.sendMail(m).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
