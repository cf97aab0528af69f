package dev.qtalk.bench;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.quic.QuicOptions;
import dev.qtalk.quic.SelfSignedCertificate;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The QUIC baseline: one raw Netty QUIC stream, written on its event loop in {@link
 * ChannelTransfer#CHUNK}-byte slices of one direct buffer and paced by writability, with the
 * transport parameters, UDP settings and thread count the qtalk {@code quic} transport uses by
 * default. The receiver answers the FIN with one byte, so a transfer's time covers delivery.
 */
public final class RawQuic implements AutoCloseable {
  /** The UDP payload the qtalk transport sends and accepts (its CodecSettings). */
  private static final int UDP_PAYLOAD = 1350;
  private static final int UDP_READ_BUFFER = 2048;
  /** Datagrams one read takes on epoll (recvmmsg), as the transport's CodecSettings. */
  private static final int DATAGRAMS_PER_READ = 16;

  /** The I/O the qtalk transport picks: native epoll where Netty's library loads, else NIO. */
  private static final boolean EPOLL = !Boolean.getBoolean("dev.qtalk.quic.nio") && io.netty.channel.epoll.Epoll.isAvailable();

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(
      Math.max(2, Runtime.getRuntime().availableProcessors()),
      new DefaultThreadFactory("bench-raw-quic", true),
      EPOLL ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  private final Options options = Options.defaults();

  /** Moves {@code bytes} over a new connection's stream; returns nanoseconds from the stream's open to the answer. */
  public long transfer(long bytes) throws Exception {
    SelfSignedCertificate cert = Certificates.get();
    String alpn = options.get(QuicOptions.ALPN);
    QuicSslContext serverTls = QuicSslContextBuilder.forServer(cert.keyManagerFactory(), null)
        .applicationProtocols(alpn).build();
    QuicSslContext clientTls = QuicSslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null)
        .applicationProtocols(alpn).build();
    AtomicLong received = new AtomicLong();
    var serverCodec = settings(new QuicServerCodecBuilder())
        .sslContext(serverTls)
        .handler(new ChannelInboundHandlerAdapter())
        .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .streamHandler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.addAndGet(((ByteBuf) msg).readableBytes());
            ReferenceCountUtil.release(msg);
          }

          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownReadComplete) {
              ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(new byte[] {1}), true));
            }
          }
        })
        .build();
    io.netty.channel.Channel serverUdp = udp().handler(serverCodec)
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    InetSocketAddress serverAddress = (InetSocketAddress) serverUdp.localAddress();
    var clientCodec = settings(new QuicClientCodecBuilder()).sslContext(clientTls).build();
    io.netty.channel.Channel clientUdp = udp().handler(clientCodec).bind(0).sync().channel();
    ByteBuf payload = Unpooled.directBuffer(ChannelTransfer.CHUNK).writeZero(ChannelTransfer.CHUNK);
    try {
      QuicChannel qc = QuicChannel.newBootstrap(clientUdp)
          .handler(new ChannelInboundHandlerAdapter())
          .streamHandler(new ChannelInboundHandlerAdapter())
          .remoteAddress(serverAddress)
          .connect().get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> acked = new CompletableFuture<>();
      long start = System.nanoTime();
      qc.createStream(QuicStreamType.BIDIRECTIONAL, new Pump(bytes, payload, acked)).sync();
      acked.get(5, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      if (received.get() != bytes) {
        throw new IllegalStateException("raw QUIC: received " + received.get() + " of " + bytes);
      }
      qc.close().sync();
      return nanos;
    } finally {
      payload.release();
      clientUdp.close().sync();
      serverUdp.close().sync();
    }
  }

  private <B extends QuicCodecBuilder<B>> B settings(B b) {
    int window = options.get(StandardOptions.WINDOW_SIZE);
    return b.initialMaxData(Math.max(options.get(QuicOptions.CONNECTION_WINDOW), window))
        .initialMaxStreamDataBidirectionalLocal(window)
        .initialMaxStreamDataBidirectionalRemote(window)
        .initialMaxStreamsBidirectional(options.get(StandardOptions.MAX_CHANNELS))
        .initialMaxStreamsUnidirectional(0)
        .maxRecvUdpPayloadSize(UDP_PAYLOAD)
        .maxSendUdpPayloadSize(UDP_PAYLOAD)
        .activeMigration(false);
  }

  private Bootstrap udp() {
    int socketBuffer = options.get(QuicOptions.SOCKET_BUFFER);
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(EPOLL ? io.netty.channel.epoll.EpollDatagramChannel.class : NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, socketBuffer)
        .option(ChannelOption.SO_SNDBUF, socketBuffer);
    if (EPOLL) {
      return b.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_READ_BUFFER)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_READ_BUFFER * DATAGRAMS_PER_READ));
    }
    return b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_READ_BUFFER));
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Writes slices while the stream is writable, then the FIN; completes on the one-byte answer. */
  private static final class Pump extends ChannelInboundHandlerAdapter {
    private final ByteBuf payload;
    private final CompletableFuture<Void> acked;
    private long left;
    private boolean finSent;

    Pump(long bytes, ByteBuf payload, CompletableFuture<Void> acked) {
      this.left = bytes;
      this.payload = payload;
      this.acked = acked;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ((QuicStreamChannel) ctx.channel()).config().setAllowHalfClosure(true);
      if (ctx.channel().isActive()) {
        pump(ctx);
      }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    private void pump(ChannelHandlerContext ctx) {
      while (left > 0 && ctx.channel().isWritable()) {
        int n = (int) Math.min(ChannelTransfer.CHUNK, left);
        ctx.write(payload.retainedSlice(0, n));
        left -= n;
      }
      ctx.flush();
      if (left == 0 && !finSent) {
        finSent = true;
        ctx.writeAndFlush(QuicStreamFrame.EMPTY_FIN);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      acked.complete(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      acked.completeExceptionally(cause);
    }
  }
}
