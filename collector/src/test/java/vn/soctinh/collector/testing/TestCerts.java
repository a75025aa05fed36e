package vn.soctinh.collector.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A throwaway PKI for TLS tests: a CA and certificates it signs, written as PEM files. */
public final class TestCerts {
  /** PEM files of one certificate and its PKCS#8 key. */
  public record Pem(Path cert, Path key) {}

  private final Path dir;
  private final KeyPair caKey;
  private final X509CertificateHolder ca;
  private final Path caFile;

  public TestCerts(Path dir, String caName) throws Exception {
    this.dir = dir;
    Files.createDirectories(dir);
    this.caKey = keyPair();
    X500Name n = new X500Name("CN=" + caName);
    JcaX509v3CertificateBuilder b = builder(n, n, caKey);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.ca = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
    this.caFile = dir.resolve(caName + "-ca.crt");
    Files.writeString(caFile, pem("CERTIFICATE", ca.getEncoded()));
  }

  public Path caFile() {
    return caFile;
  }

  /** A certificate for {@code cn} (also as SAN DNS name), plus IP SAN 127.0.0.1, signed by this CA. */
  public Pem issue(String cn) throws Exception {
    KeyPair kp = keyPair();
    JcaX509v3CertificateBuilder b = builder(ca.getSubject(), new X500Name("CN=" + cn), kp);
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, cn), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
    Path cert = dir.resolve(cn + ".crt");
    Path key = dir.resolve(cn + ".key");
    Files.writeString(cert, pem("CERTIFICATE", h.getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    return new Pem(cert, key);
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair kp) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(30))), subject, kp.getPublic());
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static String pem(String type, byte[] der) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(new PemObject(type, der));
    }
    return w.toString();
  }
}
