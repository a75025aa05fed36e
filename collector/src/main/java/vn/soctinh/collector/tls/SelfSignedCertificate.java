package vn.soctinh.collector.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Generates the listener certificate used when none is configured: an ECDSA P-256 key and a
 * self-signed certificate for the host's name, localhost and the loopback addresses, valid 10 years.
 * Written once as PEM (key 0600) and reused on later starts, so forwarders can pin its fingerprint.
 */
public final class SelfSignedCertificate {
  public record Files2(Path certFile, Path keyFile, boolean created) {}

  private SelfSignedCertificate() {}

  /** Returns the existing pair in {@code dir}, or creates it. */
  public static Files2 ensure(Path dir) throws IOException {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    if (Files.isRegularFile(cert) && Files.isRegularFile(key)) return new Files2(cert, key, false);
    Files.createDirectories(dir);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      String host = hostName();
      X500Name subject = new X500Name("CN=" + host + ",O=SOC Tinh (self-signed)");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, kp.getPublic());
      b.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(List.of(
          new GeneralName(GeneralName.dNSName, host),
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")).stream().distinct().toArray(GeneralName[]::new)));
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      writeAtomically(cert, pem(new PemObject("CERTIFICATE", holder.getEncoded())), false);
      writeAtomically(key, pem(new PemObject("PRIVATE KEY", kp.getPrivate().getEncoded())), true);
      return new Files2(cert, key, true);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static String hostName() {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      return h == null || h.isBlank() ? "localhost" : h;
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static String pem(PemObject o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
    if (secret) {
      vn.soctinh.collector.files.PrivateFiles.write(target, content); // private from its first byte
      return;
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

}
