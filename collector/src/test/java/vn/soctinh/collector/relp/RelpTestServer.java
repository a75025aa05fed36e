package vn.soctinh.collector.relp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.Transport;

/** A RELP listener on loopback, wired the way the collector wires it: decoder, then session. */
final class RelpTestServer implements AutoCloseable {
  final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  final List<RelpSessionHandler> sessions = new CopyOnWriteArrayList<>();
  private final Channel server;

  RelpTestServer(RecordAppender appender, int maxDataBytes, int maxInflightBytes) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ConnectionMeta meta = new ConnectionMeta(Transport.RELP, "relp-it", ch.remoteAddress(), "so-tt", null, false);
            RelpSessionHandler session = new RelpSessionHandler(appender, meta, maxInflightBytes, RelpSessionListener.NONE);
            sessions.add(session);
            ch.pipeline().addLast(new RelpFrameDecoder(maxDataBytes), session);
          }
        });
    server = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.close().sync();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
  }
}
