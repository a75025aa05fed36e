package vn.soctinh.collector.net;

import java.nio.file.Path;

/**
 * TLS for a listener (RFC 5425). With no certificate configured, a self-signed one is generated in
 * the data directory on first start and its fingerprint printed.
 *
 * @param certFile PEM certificate chain, or null to use the generated one
 * @param keyFile PEM private key (PKCS#8), or null to use the generated one
 * @param clientAuth none, optional or required client certificates (mutual TLS)
 * @param clientCaFile PEM CA certificates that client certificates must chain to
 * @param requireKnownClient refuse a client whose certificate name is not in the sources table
 * @param handshakeTimeoutSecs how long a handshake may take
 */
public record TlsSettings(
    Path certFile, Path keyFile, ClientAuth clientAuth, Path clientCaFile, boolean requireKnownClient, int handshakeTimeoutSecs) {

  public enum ClientAuth {
    NONE, OPTIONAL, REQUIRED
  }
}
