package dev.qtalk.qmux.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Connection} over an input and an output stream (a socket, a pipe, a process's stdio). */
public final class StreamConnection implements Connection {
  private final InputStream in;
  private final OutputStream out;
  private final Closeable onClose;
  private final SocketAddress local;
  private final SocketAddress remote;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param onClose closes whatever holds the streams (the socket), so a blocked read ends
   */
  public StreamConnection(
      InputStream in, OutputStream out, Closeable onClose, SocketAddress local, SocketAddress remote) {
    this.in = in; // the session reads it in large slabs
    this.out = out;
    this.onClose = onClose;
    this.local = local;
    this.remote = remote;
  }

  /** A connection over a connected socket; TCP_NODELAY (qmux messages are small) and SO_KEEPALIVE are set. */
  public static StreamConnection of(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    socket.setKeepAlive(true);
    return new StreamConnection(
        socket.getInputStream(),
        socket.getOutputStream(),
        socket,
        socket.getLocalSocketAddress(),
        socket.getRemoteSocketAddress());
  }

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public void write(byte[] message) throws IOException {
    out.write(message);
    out.flush();
  }

  /** A batch leaves in one write of the stream (the writer's batches are heap buffers). */
  @Override
  public void write(ByteBuffer batch) throws IOException {
    put(batch);
    out.flush();
  }

  /** Every part is written to the stream as it is (they are heap buffers), then one flush. */
  @Override
  public void write(ByteBuffer[] parts) throws IOException {
    for (ByteBuffer p : parts) {
      put(p);
    }
    out.flush();
  }

  private void put(ByteBuffer b) throws IOException {
    if (b.hasArray()) {
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      b.position(b.limit());
    } else {
      byte[] copy = new byte[b.remaining()];
      b.get(copy);
      out.write(copy);
    }
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
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      onClose.close();
    } finally {
      try {
        out.close();
      } finally {
        in.close();
      }
    }
  }
}
