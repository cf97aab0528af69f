package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A {@link Connection} over a blocking {@link SocketChannel} (TCP or unix domain). The writer's
 * batches go out in gathering writes of direct buffers, which the JDK does not copy again.
 */
public final class SocketChannelConnection implements Connection {

  private final SocketChannel channel;
  private final InputStream in;
  private final SocketAddress local;
  private final SocketAddress remote;

  /**
   * Wraps a connected channel; TCP_NODELAY is set on TCP sockets, since qmux messages are small,
   * and SO_KEEPALIVE wherever the socket supports it.
   */
  public SocketChannelConnection(SocketChannel channel) throws IOException {
    this.channel = channel;
    channel.configureBlocking(true);
    if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
    // the kernel's own dead-peer check, beside the session's keepalive; unix sockets have none
    if (channel.supportedOptions().contains(StandardSocketOptions.SO_KEEPALIVE)) {
      channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }
    this.in = Channels.newInputStream(channel); // the session reads it in large slabs
    this.local = channel.getLocalAddress();
    this.remote = channel.getRemoteAddress();
  }

  @Override
  public InputStream input() {
    return in;
  }

  /** The socket channel itself: a read into a direct buffer goes straight from the kernel. */
  @Override
  public ScatteringByteChannel directInput() {
    return channel;
  }

  @Override
  public void write(byte[] message) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(message);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }

  @Override
  public void write(ByteBuffer batch) throws IOException {
    while (batch.hasRemaining()) {
      channel.write(batch);
    }
  }

  /** One gathering write system call for as many parts as the socket takes at once. */
  @Override
  public void write(ByteBuffer[] parts) throws IOException {
    int from = 0;
    while (from < parts.length) {
      channel.write(parts, from, parts.length - from);
      while (from < parts.length && !parts[from].hasRemaining()) {
        from++;
      }
    }
  }

  @Override
  public boolean directBuffers() {
    return true;
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
