package dev.qtalk.quic.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;

/**
 * Work an event loop does once per batch of datagrams read, rather than once per QUIC packet.
 * Netty's QUIC codec reads a stream, and completes the stream's reads, for every packet, so a
 * stream that woke its waiting reader there would unpark a virtual thread (a futex call of the
 * event loop) every two or three packets of a bulk transfer. Streams queue their wake-ups here
 * instead; this handler sits before the codec on the UDP channel and runs them when the socket
 * has been read dry: after the batch's last packet, and before the codec flushes its
 * acknowledgements, so no reader waits for those. A wake-up queued outside a read of the socket
 * (a stream that resumed reading what quiche had buffered) runs in a task of the loop instead.
 */
@ChannelHandler.Sharable
final class ReadBatches extends ChannelInboundHandlerAdapter {
  private static final ReadBatches HANDLER = new ReadBatches();
  /** Each event loop's queued wake-ups: only its own thread touches them. */
  private static final FastThreadLocal<ArrayDeque<Runnable>> QUEUED = new FastThreadLocal<>() {
    @Override
    protected ArrayDeque<Runnable> initialValue() {
      return new ArrayDeque<>();
    }
  };

  private ReadBatches() {}

  /** The UDP channel's pipeline: this handler, then {@code codec}. */
  static ChannelInitializer<DatagramChannel> before(ChannelHandler codec) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(DatagramChannel ch) {
        ch.pipeline().addLast(HANDLER, codec);
      }
    };
  }

  /** On {@code loop}'s thread: runs {@code work} at the end of the batch being read. */
  static void atBatchEnd(EventLoop loop, Runnable work) {
    ArrayDeque<Runnable> queued = QUEUED.get();
    if (queued.isEmpty()) {
      loop.execute(ReadBatches::runQueued); // in case no read of the socket is under way
    }
    queued.add(work);
  }

  private static void runQueued() {
    ArrayDeque<Runnable> queued = QUEUED.get();
    for (Runnable r; (r = queued.poll()) != null; ) {
      r.run();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    runQueued();
    ctx.fireChannelReadComplete();
  }
}
