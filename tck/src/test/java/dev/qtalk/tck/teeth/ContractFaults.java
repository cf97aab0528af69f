package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Faults against the contract in the api's Javadoc and the rules added with it: each is mem with
 * one plausible mistake, the kind an outside transport author makes.
 */
final class ContractFaults {
  private ContractFaults() {}

  /** accept(ZERO) and accept(negative) wait without limit (as QUIC and SSH once did). */
  static class AcceptZeroWaitsForever extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel accept(Duration timeout) throws IOException {
          return timeout.isZero() || timeout.isNegative() ? super.accept() : super.accept(timeout);
        }
      };
    }
  }

  /** open(ZERO) and open(negative) are rejected as invalid instead of not waiting. */
  static class OpenZeroRejected extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel open(Duration timeout) throws IOException {
          if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
          }
          return super.open(timeout);
        }
      };
    }
  }

  /** Opens hang once more than 32 are pending at once (a fixed table of pending opens). */
  static class OpenStormHangs extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      AtomicInteger pending = new AtomicInteger();
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel open(Duration timeout) throws IOException {
          int now = pending.incrementAndGet();
          try {
            Thread.sleep(20); // the open's round trip, during which it is pending
            if (now > 32) {
              Thread.sleep(Long.MAX_VALUE); // the fault: no free slot, and none is ever handed out
            }
            return super.open(timeout);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("open: interrupted");
          } finally {
            pending.decrementAndGet();
          }
        }
      };
    }
  }

  /** The server accepts the newest channel first: a stack where a queue belongs. */
  static class AcceptsNewestFirst extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      Deque<Channel> stack = new ArrayDeque<>();
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public synchronized Channel accept(Duration timeout) throws IOException {
          if (stack.isEmpty()) {
            stack.push(super.accept(timeout));
          }
          while (true) {
            try {
              stack.push(super.accept(Duration.ofMillis(50)));
            } catch (DeadlineExceededException drained) {
              break;
            }
          }
          return stack.pop();
        }
      };
    }
  }

  /** accept() fails when the channel's opener has already closed it. */
  static class AcceptFailsIfPeerClosed extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel accept(Duration timeout) throws IOException {
          Channel ch = super.accept(timeout);
          ByteBuffer first = ByteBuffer.allocate(64 * 1024);
          ch.readTimeout(Duration.ofMillis(100));
          try {
            int n = ch.read(first);
            if (n < 0 || ch.read(ByteBuffer.allocate(1)) < 0) {
              ch.close();
              throw new ChannelClosedException("accept: channel " + ch.id() + " was closed by its opener");
            }
          } catch (DeadlineExceededException stillOpen) {
            // the opener has not closed it: hand it out
          } finally {
            ch.readTimeout(Duration.ZERO);
          }
          first.flip();
          return new WrappedChannel(this, ch) {
            @Override
            public int read(ByteBuffer dst) throws IOException {
              if (first.hasRemaining()) {
                int n = Math.min(first.remaining(), dst.remaining());
                dst.put(first.slice(first.position(), n));
                first.position(first.position() + n);
                return n;
              }
              return delegate.read(dst);
            }
          };
        }
      };
    }
  }

  /** isOpen() turns false after a mere closeWrite(). */
  static class ClosedAfterHalfClose extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private volatile boolean halfClosed;

        @Override
        public void closeWrite() throws IOException {
          halfClosed = true;
          delegate.closeWrite();
        }

        @Override
        public boolean isOpen() {
          return !halfClosed && delegate.isOpen();
        }
      };
    }
  }

  /** Once the session has ended, a read throws even though the peer ended the stream properly. */
  static class EndOfSessionHidesEof extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          if (!session.isOpen()) {
            throw new SessionClosedException("read: the session has ended");
          }
          return delegate.read(dst);
        }
      };
    }
  }

  /** An orderly close reports a cause ("pipe closed", as mem once did). */
  static class CauseAfterOrderlyClose extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Optional<IOException> closeCause() {
          return isOpen() ? Optional.empty() : Optional.of(new IOException("pipe closed"));
        }
      };
    }
  }

  /** close() waits for a blocked write to finish instead of failing it (one lock for both). */
  static class CloseWaitsForWrite extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new LockedChannel(session, c, new ReentrantLock(), LockedChannel.Call.WRITE, LockedChannel.Call.CLOSE);
    }
  }

  /** Small writes are buffered, and close() drops what is still buffered. */
  static class CloseDropsBufferedWrites extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

        @Override
        public int write(ByteBuffer src) throws IOException {
          int n = src.remaining();
          if (n <= buffer.remaining()) {
            buffer.put(src);
            return n;
          }
          flush();
          return delegate.write(src);
        }

        private void flush() throws IOException {
          buffer.flip();
          while (buffer.hasRemaining()) {
            delegate.write(buffer);
          }
          buffer.clear();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
          flush();
          return delegate.read(dst);
        }

        @Override
        public void closeWrite() throws IOException {
          flush();
          delegate.closeWrite();
        }

        @Override
        public void close() throws IOException {
          buffer.clear(); // the fault: buffered bytes are lost
          delegate.close();
        }
      };
    }
  }

  /** Timeouts fire on a coarse 2 s tick: a 300 ms read timeout fires after 2 s. */
  static class CoarseTimer extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private Duration asked = Duration.ZERO;

        @Override
        public void readTimeout(Duration timeout) {
          delegate.readTimeout(timeout);
          asked = timeout;
          if (!timeout.isZero() && !timeout.isNegative()) {
            long ticks = (timeout.toMillis() + 1999) / 2000;
            delegate.readTimeout(Duration.ofMillis(ticks * 2000));
          }
        }

        @Override
        public Duration readTimeout() {
          return asked;
        }
      };
    }
  }

  /** A read timeout set on one channel applies to every channel of the session. */
  static class SessionWideTimeout extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      List<Channel> all = new CopyOnWriteArrayList<>();
      return new WrappedSession(
          s,
          (ws, c) -> {
            Channel ch =
                new WrappedChannel(ws, c) {
                  @Override
                  public void readTimeout(Duration timeout) {
                    for (Channel other : all) {
                      ((WrappedChannel) other).delegate.readTimeout(timeout);
                    }
                  }
                };
            all.add(ch);
            return ch;
          });
    }
  }

  /** An interrupted write claims to have sent everything: its buffer's position jumps to the limit. */
  static class InterruptedWriteClaimsAll extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          try {
            return delegate.write(src);
          } catch (InterruptedIOException e) {
            src.position(src.limit());
            throw e;
          }
        }
      };
    }
  }

  /** After an interrupted read, the next read drops its first byte. */
  static class InterruptedReadDropsAByte extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private boolean wasInterrupted;

        @Override
        public int read(ByteBuffer dst) throws IOException {
          try {
            int start = dst.position();
            int n = delegate.read(dst);
            if (wasInterrupted && n > 0) {
              wasInterrupted = false;
              ByteBuffer rest = dst.duplicate().flip().position(start + 1);
              dst.position(start);
              dst.put(rest);
              return n - 1 == 0 ? read(dst) : n - 1;
            }
            return n;
          } catch (InterruptedIOException e) {
            wasInterrupted = true;
            throw e;
          }
        }
      };
    }
  }

  /** A listener whose close() does not release an accept() blocked in it. */
  static class ListenerCloseKeepsAccept extends Broken.Base {
    @Override
    SessionListener wrapListener(SessionListener l) {
      AtomicInteger accepting = new AtomicInteger();
      return new ForwardingListener(l) {
        private volatile boolean closed;

        @Override
        public Session accept() throws IOException {
          if (closed) {
            throw new SessionClosedException("listener closed");
          }
          accepting.incrementAndGet();
          try {
            return super.accept();
          } finally {
            accepting.decrementAndGet();
          }
        }

        @Override
        public void close() {
          closed = true;
          if (accepting.get() == 0) { // the fault: with an accept in flight, the socket stays open
            super.close();
          }
        }
      };
    }
  }

  /** Closing a listener also closes every session it accepted. */
  static class ListenerCloseEndsSessions extends Broken.Base {
    @Override
    SessionListener wrapListener(SessionListener l) {
      List<Session> accepted = new CopyOnWriteArrayList<>();
      return new ForwardingListener(l) {
        @Override
        public Session accept() throws IOException {
          Session s = super.accept();
          accepted.add(s);
          return s;
        }

        @Override
        public void close() {
          super.close();
          accepted.forEach(Session::close);
        }
      };
    }
  }

  /** From 2 MiB on, the server's writes to the client have one byte in every 1 MiB flipped. */
  static class CorruptsServerToClient extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      if (client) {
        return new WrappedChannel(session, c);
      }
      return new WrappedChannel(session, c) {
        private long sent;

        @Override
        public int write(ByteBuffer src) throws IOException {
          int n = src.remaining();
          byte[] copy = new byte[n];
          src.duplicate().get(copy);
          for (int k = 0; k < n; k++) {
            long at = sent + k;
            if (at >= (2 << 20) && at % (1 << 20) == 7) {
              copy[k] ^= 0x01;
            }
          }
          ByteBuffer out = ByteBuffer.wrap(copy);
          try {
            return delegate.write(out);
          } finally {
            src.position(src.position() + out.position());
            sent += out.position();
          }
        }
      };
    }
  }

  /** Heap buffers are written from their backing array as if {@code arrayOffset()} were 0. */
  static class IgnoresArrayOffset extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          if (!src.hasArray()) {
            return delegate.write(src);
          }
          ByteBuffer wrong = ByteBuffer.wrap(src.array(), src.position(), src.remaining());
          int n = delegate.write(wrong);
          src.position(src.position() + n);
          return n;
        }
      };
    }
  }

  /** The connecting side ignores the window option (it connects with the defaults). */
  static class ClientIgnoresWindow extends Broken.Base {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      try (SessionListener listener = Transports.listen(URI.create("mem:broken-" + UUID.randomUUID()), options)) {
        Options client = options.toBuilder().set(StandardOptions.WINDOW_SIZE, StandardOptions.WINDOW_SIZE.defaultValue()).build();
        Session c = Transports.connect(listener.uri(), client);
        Session s = listener.accept();
        return new SessionPair(wrapSession(c, true), wrapSession(s, false));
      }
    }
  }

  /** Every closed channel leaves 8 KiB reachable (a table of finished channels that is never pruned). */
  static class KeepsHeapPerChannel extends Broken.Base {
    static final List<byte[]> KEPT = new CopyOnWriteArrayList<>();

    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public void close() throws IOException {
          KEPT.add(new byte[8192]);
          delegate.close();
        }
      };
    }
  }

  /** Every session leaves 1 MiB reachable after it closes. */
  static class KeepsHeapPerSession extends Broken.Base {
    static final List<byte[]> KEPT = new CopyOnWriteArrayList<>();

    @Override
    Session wrapSession(Session s, boolean client) {
      KEPT.add(new byte[1 << 20]);
      return super.wrapSession(s, client);
    }
  }

  /** A java.util.Timer per session, never cancelled. */
  static class TimerPerSession extends Broken.Base {
    static final List<java.util.Timer> KEPT = new CopyOnWriteArrayList<>();

    @Override
    Session wrapSession(Session s, boolean client) {
      KEPT.add(new java.util.Timer(true));
      return super.wrapSession(s, client);
    }
  }

  /** A Selector per session, never closed. */
  static class SelectorPerSession extends Broken.Base {
    static final List<java.nio.channels.Selector> KEPT = new CopyOnWriteArrayList<>();

    @Override
    Session wrapSession(Session s, boolean client) {
      try {
        KEPT.add(java.nio.channels.Selector.open());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return super.wrapSession(s, client);
    }
  }

  /** A listener that passes everything through; faults override a call or two. */
  static class ForwardingListener implements SessionListener {
    private final SessionListener delegate;

    ForwardingListener(SessionListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public Session accept() throws IOException {
      return delegate.accept();
    }

    @Override
    public SocketAddress localAddress() {
      return delegate.localAddress();
    }

    @Override
    public URI uri() {
      return delegate.uri();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
