package dev.qtalk.tck.rpc;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.ChannelClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/** A session whose channels are deliberately broken in one way, to show the rpc rules catch it. */
class BrokenSession implements Session {
  private final Session delegate;
  private final UnaryOperator<Channel> breaker;

  BrokenSession(Session delegate, UnaryOperator<Channel> breaker) {
    this.delegate = delegate;
    this.breaker = breaker;
  }

  /** Flips the last byte of every write: values arrive corrupted. */
  static Channel corrupting(Channel ch) {
    return flipping(ch, length -> length - 1);
  }

  /** Flips the middle byte of every write. */
  static Channel corruptingMiddle(Channel ch) {
    return flipping(ch, length -> length / 2);
  }

  /** Flips the byte at {@code at(length)} of every non-empty write. */
  private static Channel flipping(Channel ch, IntUnaryOperator at) {
    return new Forwarding(ch) {
      @Override
      public int write(ByteBuffer src) throws IOException {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining()).put(src.duplicate()).flip();
        if (copy.hasRemaining()) {
          int i = at.applyAsInt(copy.limit());
          copy.put(i, (byte) ~copy.get(i));
        }
        int n = super.write(copy);
        src.position(src.position() + n);
        return n;
      }
    };
  }

  /**
   * Never reports the peer's end: a read that would return -1 or fail because the peer closed
   * waits instead, until the session ends.
   */
  static Channel hidesEnd(Channel ch) {
    return new Forwarding(ch) {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        int n;
        try {
          n = super.read(dst);
        } catch (ChannelClosedException e) {
          n = -1;
        }
        if (n < 0) {
          try {
            ch.session().closeFuture().get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("read: interrupted");
          } catch (ExecutionException e) {
            // ended with a cause: the end is reported now all the same
          }
        }
        return n;
      }
    };
  }

  /** Has no half-close: closeWrite() closes the whole channel. */
  static Channel noHalfClose(Channel ch) {
    return new Forwarding(ch) {
      @Override
      public void closeWrite() throws IOException {
        close();
      }
    };
  }

  @Override
  public Channel open() throws IOException {
    return breaker.apply(delegate.open());
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    return breaker.apply(delegate.open(timeout));
  }

  @Override
  public Channel accept() throws IOException {
    return breaker.apply(delegate.accept());
  }

  @Override
  public Channel accept(Duration timeout) throws IOException {
    return breaker.apply(delegate.accept(timeout));
  }

  @Override
  public SocketAddress localAddress() {
    return delegate.localAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return delegate.closeFuture();
  }

  @Override
  public Optional<IOException> closeCause() {
    return delegate.closeCause();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** A channel that forwards everything; the breakers override one method. */
  static class Forwarding implements Channel {
    private final Channel ch;

    Forwarding(Channel ch) {
      this.ch = ch;
    }

    @Override
    public long id() {
      return ch.id();
    }

    @Override
    public Session session() {
      return ch.session();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return ch.write(src);
    }

    @Override
    public void closeWrite() throws IOException {
      ch.closeWrite();
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }

    @Override
    public void abort() {
      ch.abort();
    }

    @Override
    public boolean isOpen() {
      return ch.isOpen();
    }

    @Override
    public void readTimeout(Duration timeout) {
      ch.readTimeout(timeout);
    }

    @Override
    public Duration readTimeout() {
      return ch.readTimeout();
    }

    @Override
    public void writeTimeout(Duration timeout) {
      ch.writeTimeout(timeout);
    }

    @Override
    public Duration writeTimeout() {
      return ch.writeTimeout();
    }
  }
}
