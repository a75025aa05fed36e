package vn.soctinh.collector.net;

import java.net.InetSocketAddress;

/**
 * A datagram listener (syslog over UDP, NetFlow, IPFIX): one message per datagram.
 *
 * @param name the listener's name
 * @param listen address and port to bind
 * @param rcvbufBytes SO_RCVBUF asked of the kernel (capped by net.core.rmem_max)
 * @param maxMessageBytes datagrams longer than this are kept truncated and flagged
 */
public record UdpSettings(String name, InetSocketAddress listen, int rcvbufBytes, int maxMessageBytes) {
  public static final int DEFAULT_RCVBUF_BYTES = 4 * 1024 * 1024;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 65535;
}
