package vn.soctinh.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import vn.soctinh.collector.net.TlsSettings;
import vn.soctinh.collector.net.TlsSettings.ClientAuth;

/**
 * The TLS keys of a stream listener ({@code syslog_tls}, and {@code relp} when it listens on
 * {@code tls://}): {@code cert_file}, {@code key_file}, {@code client_auth}, {@code client_ca_file},
 * {@code require_known_client}, {@code handshake_timeout_secs}.
 */
final class TlsSection {
  static final int DEFAULT_HANDSHAKE_TIMEOUT_SECS = 10;
  static final TlsSettings DEFAULTS = new TlsSettings(null, null, ClientAuth.NONE, null, false, DEFAULT_HANDSHAKE_TIMEOUT_SECS);

  private TlsSection() {}

  /** Reads and checks each value on its own; {@link #check} does the checks across keys and files. */
  static TlsSettings read(ConfigNode n) {
    Path cert = n.filePath("cert_file", "");
    Path key = n.filePath("key_file", "");
    ClientAuth auth = n.value("client_auth", ClientAuth.NONE, "expected one of none, optional, required", TlsSection::clientAuth);
    Path ca = n.filePath("client_ca_file", "");
    boolean known = n.bool("require_known_client", false);
    int handshake = (int) n.duration("handshake_timeout_secs", DEFAULT_HANDSHAKE_TIMEOUT_SECS, 1, 300);
    return new TlsSettings(cert, key, auth, ca, known, handshake);
  }

  /** For a listener that really serves TLS (and is enabled). */
  static void check(ConfigNode n, TlsSettings t) {
    if (t.certFile() != null && t.keyFile() == null) {
      n.error("cert_file", "cert_file is set but key_file is empty; set both, or neither for a generated self-signed certificate");
    } else if (t.certFile() == null && t.keyFile() != null) {
      n.error("key_file", "key_file is set but cert_file is empty; set both, or neither for a generated self-signed certificate");
    }
    mustBeReadable(n, "cert_file", t.certFile());
    mustBeReadable(n, "key_file", t.keyFile());
    mustBeReadable(n, "client_ca_file", t.clientCaFile());
    if (t.clientAuth() != ClientAuth.NONE && t.clientCaFile() == null) {
      n.error("client_auth", "client_auth: " + name(t.clientAuth()) + " needs client_ca_file (the CA that client certificates must chain to)");
    }
    if (t.clientAuth() == ClientAuth.NONE && t.clientCaFile() != null) {
      n.error("client_ca_file", "is set but client_auth is none; set client_auth to optional or required");
    }
    if (t.requireKnownClient() && t.clientAuth() == ClientAuth.NONE) {
      n.error("require_known_client", "needs client_auth optional or required: with none there is no client certificate to check");
    }
  }

  /** For {@code relp} on {@code tcp://}: TLS keys set to anything but their defaults are a mistake. */
  static void refuseWithoutTls(ConfigNode n, TlsSettings t) {
    String why = "applies only when listen is tls://";
    if (t.certFile() != null) n.error("cert_file", why);
    if (t.keyFile() != null) n.error("key_file", why);
    if (t.clientAuth() != ClientAuth.NONE) n.error("client_auth", why);
    if (t.clientCaFile() != null) n.error("client_ca_file", why);
    if (t.requireKnownClient()) n.error("require_known_client", why);
    if (t.handshakeTimeoutSecs() != DEFAULT_HANDSHAKE_TIMEOUT_SECS) n.error("handshake_timeout_secs", why);
  }

  private static void mustBeReadable(ConfigNode n, String key, Path p) {
    if (p == null) return;
    if (!Files.isRegularFile(p)) n.error(key, "file not found: " + p);
    else if (!Files.isReadable(p)) n.error(key, "file is not readable: " + p);
  }

  private static Parsed<ClientAuth> clientAuth(String text) {
    for (ClientAuth a : ClientAuth.values()) {
      if (name(a).equals(text)) return Parsed.ok(a);
    }
    return Parsed.expected("expected one of none, optional, required", text);
  }

  private static String name(ClientAuth a) {
    return a.name().toLowerCase(java.util.Locale.ROOT);
  }
}
