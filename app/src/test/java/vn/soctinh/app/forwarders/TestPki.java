package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and client certificates by CN, written as PEM files (keys unencrypted
 * PKCS#8, {@code BEGIN PRIVATE KEY}) that rsyslog (GnuTLS), syslog-ng (OpenSSL) and Java read.
 * EC P-256 keys, valid from one hour ago for 30 days. Never use these outside tests.
 */
public final class TestPki {

  /** The name rsyslog's x509/name mode checks the server certificate against. */
  public static final String SERVER_NAME = "localhost";
  private static final String SIGNATURE = "SHA256withECDSA";

  /** A client certificate and its key, as PEM files. */
  public record ClientCert(String commonName, Path certFile, Path keyFile) {
    /** CERT_FILE and KEY_FILE for the mutual-TLS forwarder templates. */
    public Map<String, String> placeholders() {
      return Map.of("CERT_FILE", certFile.toString(), "KEY_FILE", keyFile.toString());
    }
  }

  private final Path dir;
  private final X500Name caName;
  private final KeyPair caKeys;
  private final X509Certificate caCert;
  private final KeyPair serverKeys;
  private final X509Certificate serverCert;
  private final SecureRandom random = new SecureRandom();

  private TestPki(Path dir) throws GeneralSecurityException, IOException {
    this.dir = dir;
    this.caKeys = newKeyPair();
    this.caName = new X500Name("CN=SOC Tinh Test CA,O=SOC Tinh tests");
    this.caCert = sign(caName, caName, caKeys, caKeys.getPrivate(), null, true, null);
    this.serverKeys = newKeyPair();
    GeneralNames san = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, SERVER_NAME),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
    this.serverCert = sign(new X500Name("CN=" + SERVER_NAME + ",O=SOC Tinh tests"), caName,
        serverKeys, caKeys.getPrivate(), san, false, KeyPurposeId.id_kp_serverAuth);
    writePem(caFile(), "CERTIFICATE", caCert.getEncoded());
    writePem(serverCertFile(), "CERTIFICATE", serverCert.getEncoded());
    writePem(serverKeyFile(), "PRIVATE KEY", pkcs8(serverKeys));
  }

  /** Creates the CA and the server certificate in {@code dir} (which must exist). */
  public static TestPki create(Path dir) throws IOException {
    try {
      return new TestPki(dir);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the test PKI", e);
    }
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  public Path serverCertFile() {
    return dir.resolve("server.pem");
  }

  public Path serverKeyFile() {
    return dir.resolve("server-key.pem");
  }

  public X509Certificate caCertificate() {
    return caCert;
  }

  /** CA_FILE and TLS_PEER_NAME for the TLS forwarder templates. */
  public Map<String, String> placeholders() {
    return Map.of("CA_FILE", caFile().toString(), "TLS_PEER_NAME", SERVER_NAME);
  }

  /** A new client certificate signed by the CA, files {@code client-CN.pem} / {@code client-CN-key.pem}. */
  public ClientCert client(String commonName) throws IOException {
    if (!commonName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("keep test CNs to [A-Za-z0-9._-]: " + commonName);
    }
    try {
      KeyPair keys = newKeyPair();
      X509Certificate cert = sign(new X500Name("CN=" + commonName + ",O=SOC Tinh tests"),
          caName, keys, caKeys.getPrivate(),
          null, false, KeyPurposeId.id_kp_clientAuth);
      ClientCert client = new ClientCert(commonName, dir.resolve("client-" + commonName + ".pem"),
          dir.resolve("client-" + commonName + "-key.pem"));
      writePem(client.certFile(), "CERTIFICATE", cert.getEncoded());
      writePem(client.keyFile(), "PRIVATE KEY", pkcs8(keys));
      return client;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue client certificate " + commonName, e);
    }
  }

  /**
   * A JSSE server context with the server certificate that trusts client certificates from this
   * CA (for in-test receivers; the collector reads the PEM files itself).
   */
  public SSLContext serverContext() {
    try {
      char[] pass = "test".toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry("server", serverKeys.getPrivate(), pass,
          new X509Certificate[] {serverCert, caCert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, pass);
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("ca", caCert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the server SSLContext", e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private X509Certificate sign(X500Name subject, X500Name issuer, KeyPair subjectKeys,
      PrivateKey issuerKey, GeneralNames san, boolean ca, KeyPurposeId purpose)
      throws GeneralSecurityException {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          new BigInteger(64, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(30))), subject, subjectKeys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        builder.addExtension(Extension.authorityKeyIdentifier, false,
            ext.createAuthorityKeyIdentifier(caCert));
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (san != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, san);
      }
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
    } catch (OperatorCreationException | IOException e) {
      throw new GeneralSecurityException("cannot sign certificate for " + subject, e);
    }
  }

  /**
   * PKCS#8 with the public key inside the EC private key structure. Java leaves that optional
   * field out, and GnuTLS (rsyslog's gtls) then rejects the key: "ASN1 parser: Element was not
   * found".
   */
  private static byte[] pkcs8(KeyPair keys) throws IOException {
    ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
    SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey inner = new org.bouncycastle.asn1.sec.ECPrivateKey(
        key.getParams().getOrder().bitLength(), key.getS(), publicInfo.getPublicKeyData(), null);
    return new PrivateKeyInfo(publicInfo.getAlgorithm(), inner).getEncoded();
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
        StandardCharsets.US_ASCII);
  }
}
