package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deliberately broken transports, each a correct one (qmux over {@code mem}) with one fault wrapped
 * around its sessions or channels. {@link TeethTest} runs the kit on each and checks that the rule
 * the fault breaks fails, and that the same rule passes on {@link PassThrough}.
 */
final class Broken {
  private Broken() {}

  /** The kit on mem, with {@link #wrap} applied to both sessions of every pair. */
  abstract static class Base extends TransportTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      try (SessionListener listener = Transports.listen(URI.create("mem:broken-" + UUID.randomUUID()), options)) {
        Session client = Transports.connect(listener.uri(), options);
        Session server = listener.accept();
        return new SessionPair(wrapSession(client, true), wrapSession(server, false));
      }
    }

    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client));
    }

    @Override
    protected SessionListener listen(Options options) throws Exception {
      return wrapListener(Transports.listen(URI.create("mem:broken-li-" + UUID.randomUUID()), options));
    }

    SessionListener wrapListener(SessionListener l) {
      return l;
    }

    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c);
    }

    @Override
    protected Set<Capability> capabilities() {
      return EnumSet.of(
          Capability.LISTENER,
          Capability.HALF_CLOSE,
          Capability.CONFIGURABLE_WINDOW,
          Capability.CONFIGURABLE_MAX_PACKET,
          Capability.CONFIGURABLE_BACKLOG,
          Capability.MAX_CHANNELS);
    }

    @Override
    protected String transportName() {
      return "broken-" + getClass().getSimpleName();
    }
  }

  /** No fault: proves the wrapping itself is faithful. */
  static class PassThrough extends Base {}

  /** Holds back the last byte of every write and drops it at closeWrite/close. */
  static class DropsLastByte extends Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private byte[] pending;

        @Override
        public int write(ByteBuffer src) throws IOException {
          int n = src.remaining();
          if (n == 0) {
            return 0;
          }
          if (pending != null) {
            delegate.write(ByteBuffer.wrap(pending));
          }
          ByteBuffer head = src.slice(src.position(), n - 1);
          delegate.write(head);
          pending = new byte[] {src.get(src.position() + n - 1)};
          src.position(src.limit());
          return n;
        }

        @Override
        public void closeWrite() throws IOException {
          pending = null; // the last byte is lost
          delegate.closeWrite();
        }
      };
    }
  }

  /** Never blocks a writer: queues without bound and writes to the real channel on its own thread. */
  static class IgnoresWindow extends Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    byte[] b = queue.take();
                    if (b.length == 0) {
                      c.closeWrite();
                      return;
                    }
                    c.write(ByteBuffer.wrap(b));
                  }
                } catch (InterruptedException | IOException e) {
                  // the channel or the test ended
                }
              });
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) {
          int n = src.remaining();
          if (n > 0) {
            byte[] copy = new byte[n];
            src.get(copy);
            queue.add(copy);
          }
          return n;
        }

        @Override
        public void closeWrite() {
          queue.add(new byte[0]);
        }
      };
    }
  }

  /** Never reports end of stream: a read that would return -1 waits until the channel is closed. */
  static class NeverDeliversEof extends Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          int n = delegate.read(dst);
          while (n < 0) {
            if (!delegate.isOpen()) {
              throw new ChannelClosedException("closed");
            }
            LockSupport.parkNanos(10_000_000);
            if (Thread.interrupted()) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("read: interrupted");
            }
          }
          return n;
        }
      };
    }
  }

  /** Splits each write into 256-byte pieces written separately, so writes from two threads interleave. */
  static class ReordersWrites extends Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          int n = src.remaining();
          while (src.hasRemaining()) {
            int piece = Math.min(256, src.remaining());
            ByteBuffer slice = src.slice(src.position(), piece);
            delegate.write(slice);
            src.position(src.position() + piece);
            Thread.yield();
          }
          return n;
        }
      };
    }
  }

  /** Starts a thread for every channel and never stops it. */
  static class LeaksThreadPerChannel extends Base {
    private static final AtomicInteger LEAKED = new AtomicInteger();

    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      Thread.ofPlatform()
          .daemon()
          .name("leaked-channel-thread-" + LEAKED.incrementAndGet())
          .start(() -> LockSupport.park());
      return new WrappedChannel(session, c);
    }
  }

  /** Turns a half-close into a full close. */
  static class HalfCloseIsFullClose extends Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public void closeWrite() throws IOException {
          delegate.close();
        }
      };
    }
  }

  /**
   * The peer accepts the channel but the confirmation never reaches the opener: the server's
   * accept returns it, while the client's open waits out its timeout and fails.
   */
  static class NeverConfirms extends Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      if (!client) {
        return super.wrapSession(s, false);
      }
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public Channel open() throws IOException {
          return open(Duration.ofSeconds(30));
        }

        @Override
        public Channel open(Duration timeout) throws IOException {
          delegate.open(timeout); // the peer gets it; we never hear back
          try {
            Thread.sleep(timeout);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("open: interrupted");
          }
          throw new DeadlineExceededException("open: the peer did not accept in time");
        }
      };
    }
  }

  /** Flips one bit of every millionth byte written on a channel. */
  static class CorruptsOneByteInAMillion extends Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private final ReentrantLock lock = new ReentrantLock();
        private long written;

        @Override
        public int write(ByteBuffer src) throws IOException {
          lock.lock();
          try {
            return corruptAndWrite(src);
          } finally {
            lock.unlock();
          }
        }

        private int corruptAndWrite(ByteBuffer src) throws IOException {
          int n = src.remaining();
          byte[] copy = new byte[n];
          src.get(copy);
          for (int i = 0; i < n; i++) {
            if ((written + i) % 1_000_000 == 999_999) {
              copy[i] ^= 0x20;
            }
          }
          written += n;
          delegate.write(ByteBuffer.wrap(copy));
          return n;
        }
      };
    }
  }
}
