package dev.qtalk.quic.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The event loops every QUIC session of this JVM shares: daemon threads, made on first use. */
final class EventLoops {
  private EventLoops() {}

  private static final class Holder {
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        new DefaultThreadFactory("qtalk-quic", true),
        NioIoHandler.newFactory());
  }

  static EventLoopGroup group() {
    return Holder.GROUP;
  }
}
