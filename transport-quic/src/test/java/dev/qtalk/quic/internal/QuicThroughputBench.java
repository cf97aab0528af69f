package dev.qtalk.quic.internal;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.quic.SelfSignedCertificate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One-stream bulk throughput on loopback: the qtalk {@code quic} channel (blocking writes of 64
 * KiB heap buffers, blocking reads) next to raw Netty QUIC streams (event-loop writes of 64 KiB
 * slices of one direct buffer, paced by writability) moving the same bytes with the same codec
 * settings, in the same run. Each transfer ends with a FIN and a one-byte acknowledgement, so the
 * time covers delivery. Not a test: run it by hand (see transport-quic/README.md).
 *
 * <p>Arguments: [MiB per transfer, default 128] [rounds, default 9].
 */
public final class QuicThroughputBench {
  private static final int CHUNK = 64 * 1024;

  public static void main(String[] args) throws Exception {
    long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 128) * 1024 * 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    Options options = Options.defaults();
    double[] qtalk = new double[rounds];
    double[] raw = new double[rounds];
    double[] ratio = new double[rounds];
    // warm-up of both paths
    qtalkRun(cert, options, Math.min(bytes, 64L << 20));
    rawRun(cert, options, Math.min(bytes, 64L << 20));
    for (int i = 0; i < rounds; i++) {
      if ("qtalk".equals(System.getProperty("bench.only"))) {
        qtalk[i] = qtalkRun(cert, options, bytes);
        raw[i] = qtalk[i];
      } else if ("raw".equals(System.getProperty("bench.only"))) {
        raw[i] = rawRun(cert, options, bytes);
        qtalk[i] = raw[i];
      } else if (i % 2 == 0) {
        raw[i] = rawRun(cert, options, bytes);
        qtalk[i] = qtalkRun(cert, options, bytes);
      } else {
        qtalk[i] = qtalkRun(cert, options, bytes);
        raw[i] = rawRun(cert, options, bytes);
      }
      ratio[i] = qtalk[i] / raw[i];
      if (Boolean.getBoolean("bench.fds")) {
        System.out.println("open fds: " + java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd")).count());
      }
      System.out.printf("round %d: raw Netty QUIC %.1f MB/s, qtalk quic %.1f MB/s, ratio %.2f%n", i + 1, raw[i], qtalk[i], ratio[i]);
    }
    System.out.printf("one stream, %d MiB per transfer, %d rounds (medians):%n", bytes >> 20, rounds);
    System.out.printf("  raw Netty QUIC : %8.1f MB/s%n", median(raw));
    System.out.printf("  qtalk quic     : %8.1f MB/s%n", median(qtalk));
    System.out.printf("  ratio qtalk/raw: %8.2f (median of per-round ratios; goal >= 0.90)%n", median(ratio));
    System.exit(0);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** MB/s (10^6 bytes per second) through a qtalk quic channel. */
  static double qtalkRun(SelfSignedCertificate cert, Options options, long bytes) throws Exception {
    try (SessionListener l = Transports.listen(URI.create("quic://127.0.0.1:0"),
        Options.builder().setAll(options).setAll(cert.serverOptions()).build())) {
      Session client = Transports.connect(l.uri(), Options.builder().setAll(options).setAll(cert.clientOptions()).build());
      Session server = l.accept();
      try {
        CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
          try {
            Channel s = server.accept();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long total = 0;
            int n;
            while ((n = s.read(buf.clear())) >= 0) {
              total += n;
            }
            s.write(ByteBuffer.wrap(new byte[] {1}));
            s.close();
            return total;
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, Thread.ofPlatform().daemon()::start);
        long start = System.nanoTime();
        Channel c = client.open();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (long left = bytes; left > 0; left -= CHUNK) {
          chunk.clear().limit((int) Math.min(CHUNK, left));
          c.write(chunk);
        }
        c.closeWrite();
        if (c.read(ByteBuffer.allocate(1)) != 1) {
          throw new IllegalStateException("no acknowledgement");
        }
        long nanos = System.nanoTime() - start;
        if (received.get(60, TimeUnit.SECONDS) != bytes) {
          throw new IllegalStateException("qtalk: received " + received.get() + " of " + bytes);
        }
        c.close();
        return bytes / (nanos / 1e9) / 1e6;
      } finally {
        client.close();
        server.close();
      }
    }
  }

  /** MB/s through a raw Netty QUIC stream with the same codec settings. */
  static double rawRun(SelfSignedCertificate cert, Options options, long bytes) throws Exception {
    long[] received = new long[1];
    var serverCodec = CodecSettings.apply(new QuicServerCodecBuilder(), options)
        .sslContext(TlsContexts.server(Options.builder().setAll(options).setAll(cert.serverOptions()).build()))
        .handler(new ChannelInboundHandlerAdapter())
        .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .streamHandler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received[0] += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
          }

          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownReadComplete) {
              ctx.writeAndFlush(new io.netty.handler.codec.quic.DefaultQuicStreamFrame(Unpooled.wrappedBuffer(new byte[] {1}), true));
            }
          }
        })
        .build();
    io.netty.channel.Channel serverUdp = CodecSettings.udp(options).handler(serverCodec)
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    InetSocketAddress serverAddress = (InetSocketAddress) serverUdp.localAddress();
    var tls = TlsContexts.client(Options.builder().setAll(options).setAll(cert.clientOptions()).build());
    var clientCodec = CodecSettings.apply(new QuicClientCodecBuilder(), options)
        .sslEngineProvider(q -> tls.newEngine(q.alloc(), "localhost", serverAddress.getPort()))
        .build();
    io.netty.channel.Channel clientUdp = CodecSettings.udp(options).handler(clientCodec).bind(0).sync().channel();
    try {
      QuicChannel qc = QuicChannel.newBootstrap(clientUdp)
          .handler(new ChannelInboundHandlerAdapter())
          .streamHandler(new ChannelInboundHandlerAdapter())
          .remoteAddress(serverAddress)
          .connect().get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> acked = new CompletableFuture<>();
      ByteBuf payload = Unpooled.directBuffer(CHUNK).writeZero(CHUNK);
      long start = System.nanoTime();
      qc.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
        long left = bytes;
        boolean finSent;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
          pump(ctx);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
          ((QuicStreamChannel) ctx.channel()).config().setAllowHalfClosure(true);
          if (ctx.channel().isActive()) {
            pump(ctx);
          }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
          pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
          while (left > 0 && ctx.channel().isWritable()) {
            int n = (int) Math.min(CHUNK, left);
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
      }).sync();
      acked.get(120, TimeUnit.SECONDS);
      long nanos = System.nanoTime() - start;
      payload.release();
      if (received[0] != bytes) {
        throw new IllegalStateException("raw: received " + received[0] + " of " + bytes);
      }
      qc.close().sync();
      return bytes / (nanos / 1e9) / 1e6;
    } finally {
      clientUdp.close().sync();
      serverUdp.close().sync();
    }
  }
}
