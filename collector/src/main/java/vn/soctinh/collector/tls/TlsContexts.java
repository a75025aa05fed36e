package vn.soctinh.collector.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import vn.soctinh.collector.net.TlsSettings;

/** Builds server TLS contexts: TLS 1.2 and 1.3 only, optional or required client certificates. */
public final class TlsContexts {
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** A server context and what a forwarder needs to trust it. */
  public record ServerTls(SslContext context, Path certFile, String sha256Fingerprint, boolean generated) {}

  private TlsContexts() {}

  /**
   * Uses the configured certificate and key, or the self-signed pair in {@code generatedDir}
   * (created on first start).
   */
  public static ServerTls server(TlsSettings s, Path generatedDir) throws IOException {
    Path cert = s.certFile();
    Path key = s.keyFile();
    boolean generated = false;
    if (cert == null || key == null) {
      SelfSignedCertificate.Files2 f = SelfSignedCertificate.ensure(generatedDir);
      cert = f.certFile();
      key = f.keyFile();
      generated = f.created();
    }
    SslContextBuilder b = SslContextBuilder.forServer(cert.toFile(), key.toFile())
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS);
    switch (s.clientAuth()) {
      case NONE -> b.clientAuth(ClientAuth.NONE);
      case OPTIONAL -> b.clientAuth(ClientAuth.OPTIONAL).trustManager(s.clientCaFile().toFile());
      case REQUIRED -> b.clientAuth(ClientAuth.REQUIRE).trustManager(s.clientCaFile().toFile());
    }
    return new ServerTls(b.build(), cert, fingerprint(cert), generated);
  }

  /** SHA-256 fingerprint of the first certificate in a PEM file, as colon-separated hex. */
  public static String fingerprint(Path pemCert) throws IOException {
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pemCert))) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (CertificateException | NoSuchAlgorithmException e) {
      throw new IOException("cannot read certificate " + pemCert + ": " + e.getMessage(), e);
    }
  }
}
