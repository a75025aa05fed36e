package vn.soctinh.collector.net;

import vn.soctinh.collector.logging.RateLimitedLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import vn.soctinh.collector.metrics.ListenerMetrics;

/**
 * After the TLS handshake, reads the client certificate's names (CN, SAN DNS) and maps them to an
 * agency. Refuses the connection when the listener requires a known client and the names are not in
 * the sources table. Only identifies; never touches the data.
 */
public final class TlsPeerHandler extends ChannelInboundHandlerAdapter {
  public static final AttributeKey<PeerIdentity> PEER = AttributeKey.valueOf("soctinh.tls.peer");
  private static final System.Logger LOG = System.getLogger(TlsPeerHandler.class.getName());

  private final SenderAttribution attribution;
  private final boolean requireKnownClient;
  private final ListenerMetrics metrics;
  private final RateLimitedLog log;
  private boolean refused;

  public TlsPeerHandler(SenderAttribution attribution, boolean requireKnownClient, ListenerMetrics metrics, RateLimitedLog log) {
    this.attribution = attribution;
    this.requireKnownClient = requireKnownClient;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent e) {
      if (!e.isSuccess()) {
        metrics.rejected("tls_handshake");
        log.warn(() -> metrics.listener() + ": TLS handshake with " + ctx.channel().remoteAddress() + " failed: " + e.cause().getMessage());
        ctx.close();
        return;
      }
      List<String> names = clientNames(ctx.pipeline().get(SslHandler.class));
      String agency = attribution.sources().get().byTlsNames(names);
      if (agency == null && requireKnownClient) {
        refused = true;
        metrics.rejected("unknown_client_certificate");
        log.warn(() -> metrics.listener() + ": refused " + ctx.channel().remoteAddress() + ": client certificate " + names + " is not in the sources table");
        ctx.close();
        return;
      }
      ctx.channel().attr(PEER).set(new PeerIdentity(names, agency));
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // data decoded in the same read as the handshake must not pass once the peer is refused
    if (refused) io.netty.util.ReferenceCountUtil.release(msg);
    else ctx.fireChannelRead(msg);
  }

  static List<String> clientNames(SslHandler ssl) {
    List<String> names = new ArrayList<>();
    Certificate[] chain;
    try {
      chain = ssl.engine().getSession().getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return names; // no client certificate (client_auth none or optional)
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) return names;
    String cn = commonName(cert.getSubjectX500Principal());
    if (cn != null) names.add(cn);
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String dns && !names.contains(dns)) {
            names.add(dns);
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // keep the CN only
    }
    return names;
  }

  private static String commonName(X500Principal p) {
    try {
      for (Rdn rdn : new LdapName(p.getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) return rdn.getValue().toString();
      }
    } catch (javax.naming.InvalidNameException e) {
      return null;
    }
    return null;
  }
}
