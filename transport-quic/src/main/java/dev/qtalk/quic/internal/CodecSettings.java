package dev.qtalk.quic.internal;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.quic.QuicOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The QUIC transport parameters and UDP socket settings both sides share, from {@link Options}. */
final class CodecSettings {
  /** UDP payload we send and accept: fits any path MTU of 1400 and up. */
  static final int UDP_PAYLOAD = 1350;
  /** The UDP channel reads into buffers of this size; it must exceed {@link #UDP_PAYLOAD}. */
  static final int UDP_READ_BUFFER = 2048;

  /** With epoll, one system call (recvmmsg) reads up to this many datagrams. */
  static final int DATAGRAMS_PER_READ = 16;

  private CodecSettings() {}

  static <B extends QuicCodecBuilder<B>> B apply(B b, Options options) {
    int window = options.get(StandardOptions.WINDOW_SIZE);
    long streams = options.get(StandardOptions.MAX_CHANNELS);
    b.initialMaxData(Math.max(options.get(QuicOptions.CONNECTION_WINDOW), window))
        .initialMaxStreamDataBidirectionalLocal(window)
        .initialMaxStreamDataBidirectionalRemote(window)
        .initialMaxStreamsBidirectional(streams) // > 0 on both sides, or the peer can open none
        .initialMaxStreamsUnidirectional(0)
        .maxRecvUdpPayloadSize(UDP_PAYLOAD)
        .maxSendUdpPayloadSize(UDP_PAYLOAD)
        .activeMigration(false);
    Duration idle = options.get(StandardOptions.IDLE_TIMEOUT);
    if (!idle.isZero()) {
      b.maxIdleTimeout(idle.toMillis(), TimeUnit.MILLISECONDS);
    }
    return b;
  }

  static Bootstrap udp(Options options) {
    int socketBuffer = options.get(QuicOptions.SOCKET_BUFFER);
    Bootstrap b = new Bootstrap()
        .group(EventLoops.group())
        .channel(EventLoops.datagramChannel())
        .option(ChannelOption.SO_RCVBUF, socketBuffer)
        .option(ChannelOption.SO_SNDBUF, socketBuffer);
    if (EventLoops.epoll()) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_READ_BUFFER)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_READ_BUFFER * DATAGRAMS_PER_READ));
    } else {
      b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_READ_BUFFER));
    }
    return b;
  }
}
