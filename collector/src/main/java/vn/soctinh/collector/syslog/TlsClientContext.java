package vn.soctinh.collector.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Builds the client side of TLS for {@link SyslogSender} from PEM files (JSSE; Bouncy Castle reads keys). */
final class TlsClientContext {
  private TlsClientContext() {}

  /**
   * @param trustAll accept any server certificate (a connectivity check, not a secure channel)
   * @param caPem CA certificates to trust, or null for the JDK's default trust store
   * @param certPem client certificate chain for mutual TLS, or null
   * @param keyPem the client certificate's private key (PKCS#8, PKCS#1 or SEC1, unencrypted)
   */
  static SSLContext create(boolean trustAll, Path caPem, Path certPem, Path keyPem) throws IOException, GeneralSecurityException {
    TrustManager[] trust = null;
    if (trustAll) {
      trust = new TrustManager[] {TRUST_ALL};
    } else if (caPem != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : readCertificates(caPem)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      trust = tmf.getTrustManagers();
    }
    KeyManager[] keys = null;
    if (certPem != null) {
      if (keyPem == null) {
        throw new IllegalArgumentException("a client certificate needs its private key");
      }
      char[] pw = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", readPrivateKey(keyPem), pw, readCertificates(certPem).toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      keys = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, trust, null);
    return ctx;
  }

  static java.util.List<? extends Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      var certs = new java.util.ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certs.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + pem);
      }
      return certs;
    }
  }

  static PrivateKey readPrivateKey(Path pem) throws IOException {
    try (Reader r = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(r)) {
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      for (Object o; (o = parser.readObject()) != null; ) {
        if (o instanceof PrivateKeyInfo pki) {
          return conv.getPrivateKey(pki);
        }
        if (o instanceof PEMKeyPair kp) {
          return conv.getKeyPair(kp).getPrivate();
        }
      }
    }
    throw new IOException("no unencrypted private key in " + pem);
  }

  /** Accepts every certificate. Extended, so the JDK adds no hostname check behind our back. */
  private static final X509ExtendedTrustManager TRUST_ALL = new X509ExtendedTrustManager() {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };
}
