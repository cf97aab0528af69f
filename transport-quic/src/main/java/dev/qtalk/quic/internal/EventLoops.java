package dev.qtalk.quic.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every QUIC session of this JVM shares: daemon threads, made on first use. On
 * Linux with Netty's native epoll library they use epoll directly: fewer system calls per
 * datagram than the JDK selector, about a quarter more rpc calls per second here. Elsewhere, or
 * with the system property {@code dev.qtalk.quic.nio=true}, the JDK's NIO. The threads' names
 * say which: {@code qtalk-quic-epoll-*} or {@code qtalk-quic-nio-*}.
 */
final class EventLoops {
  private EventLoops() {}

  private static final class Holder {
    static final boolean EPOLL = !Boolean.getBoolean("dev.qtalk.quic.nio") && epollLoads();
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        new DefaultThreadFactory(EPOLL ? "qtalk-quic-epoll" : "qtalk-quic-nio", true),
        EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** Whether Netty's native epoll loads; false also where its jars were left off the class path. */
  private static boolean epollLoads() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Whether {@link #group()} runs on epoll. */
  static boolean epoll() {
    return Holder.EPOLL;
  }

  static EventLoopGroup group() {
    return Holder.GROUP;
  }

  /** The UDP channel class that goes with {@link #group()}. */
  static Class<? extends DatagramChannel> datagramChannel() {
    return Holder.EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
