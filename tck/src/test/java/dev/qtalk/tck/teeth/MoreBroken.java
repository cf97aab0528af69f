package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * More deliberately broken transports, one fault each, so that most rules of the kit are shown to
 * fail on a transport that breaks them (see {@link TeethTest#faults()} for which).
 */
final class MoreBroken {
  private MoreBroken() {}

  private static final ScheduledExecutorService LATER =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("teeth-later").unstarted(r));

  /** Flips a bit of the first byte of every write the client makes (not the server: echoes would undo it). */
  static class FlipsFirstByteOfEachWrite extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      if (!client) {
        return new WrappedChannel(session, c);
      }
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          int n = src.remaining();
          if (n == 0) {
            return delegate.write(src);
          }
          byte[] copy = new byte[n];
          src.get(copy);
          copy[0] ^= 0x01;
          delegate.write(ByteBuffer.wrap(copy));
          return n;
        }
      };
    }
  }

  /** A 0-byte write half-closes the channel. */
  static class ZeroWriteHalfCloses extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          if (!src.hasRemaining()) {
            delegate.closeWrite();
            return 0;
          }
          return delegate.write(src);
        }
      };
    }
  }

  /** Writes a copy and leaves the caller's buffer position where it was. */
  static class LeavesPositionAlone extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          return delegate.write(src.duplicate());
        }
      };
    }
  }

  /** InputStream.read() returns the signed byte, so 0xFF reads as -1. */
  static class SignedStreamRead extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public InputStream inputStream() {
          InputStream real = delegate.inputStream();
          return new InputStream() {
            @Override
            public int read() throws IOException {
              byte[] one = new byte[1];
              return real.read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              return real.read(b, off, len);
            }
          };
        }
      };
    }
  }

  /** Keeps the read timeout to itself: reads never time out. */
  static class IgnoresReadTimeout extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private Duration timeout = Duration.ZERO;

        @Override
        public void readTimeout(Duration t) {
          timeout = t;
        }

        @Override
        public Duration readTimeout() {
          return timeout;
        }
      };
    }
  }

  /** Keeps the write timeout to itself: writes never time out. */
  static class IgnoresWriteTimeout extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private Duration timeout = Duration.ZERO;

        @Override
        public void writeTimeout(Duration t) {
          timeout = t;
        }

        @Override
        public Duration writeTimeout() {
          return timeout;
        }
      };
    }
  }

  /** Takes a negative timeout as zero instead of rejecting it. */
  static class AcceptsNegativeTimeouts extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public void readTimeout(Duration t) {
          delegate.readTimeout(t.isNegative() ? Duration.ZERO : t);
        }

        @Override
        public void writeTimeout(Duration t) {
          delegate.writeTimeout(t.isNegative() ? Duration.ZERO : t);
        }
      };
    }
  }

  /** Swallows interrupts in read, write and accept, and waits on. */
  static class SwallowsInterrupts extends Broken.Base {
    interface Call<T> {
      T call() throws IOException;
    }

    static <T> T uninterruptibly(Call<T> call) throws IOException {
      while (true) {
        try {
          return call.call();
        } catch (InterruptedIOException e) {
          Thread.interrupted(); // the fault: the interrupt is lost and the call goes on
        }
      }
    }

    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel accept() throws IOException {
          return uninterruptibly(super::accept);
        }
      };
    }

    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          return uninterruptibly(() -> delegate.read(dst));
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
          return uninterruptibly(() -> delegate.write(src));
        }
      };
    }
  }

  /** Closing a session takes effect only 10 s later, and isOpen() says true until then. */
  static class SlowSessionClose extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public void close() {
          LATER.schedule(delegate::close, 10, TimeUnit.SECONDS);
        }
      };
    }
  }

  /** A second close of a channel throws, and so does a second close of a session. */
  static class DoubleCloseThrows extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        private boolean closed;

        @Override
        public void close() {
          if (closed) {
            throw new IllegalStateException("session already closed");
          }
          closed = true;
          super.close();
        }
      };
    }

    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private boolean closed;

        @Override
        public void close() throws IOException {
          if (closed) {
            throw new IOException("channel already closed");
          }
          closed = true;
          delegate.close();
        }
      };
    }
  }

  /** abort() throws. */
  static class AbortThrows extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public void abort() {
          delegate.abort();
          throw new IllegalStateException("abort failed");
        }
      };
    }
  }

  /** close() only half-closes: the channel stays readable and the peer can go on writing. */
  static class CloseIsHalfClose extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public void close() throws IOException {
          delegate.closeWrite();
        }
      };
    }
  }

  /** Every channel has id 1. */
  static class ConstantIds extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public long id() {
          return 1;
        }
      };
    }
  }

  /** accept(timeout) ignores its timeout. */
  static class AcceptIgnoresTimeout extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public Channel accept(Duration timeout) throws IOException {
          return accept();
        }
      };
    }
  }

  /** Errors lose their type: every failure of read, write and closeWrite is a plain IOException. */
  static class UntypedErrors extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          try {
            return delegate.read(dst);
          } catch (IOException e) {
            throw new IOException("read failed: " + e.getMessage());
          }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
          try {
            return delegate.write(src);
          } catch (IOException e) {
            throw new IOException("write failed: " + e.getMessage());
          }
        }
      };
    }
  }

  /** Refuses a 201st concurrent open. */
  static class CapsChannelsAt200 extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      AtomicInteger open = new AtomicInteger();
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public Channel open(Duration timeout) throws IOException {
          if (open.incrementAndGet() > 200) {
            throw new OpenRefusedException("open: 200 channels is all we do");
          }
          return super.open(timeout);
        }
      };
    }
  }

  /** Writes after our own closeWrite are silently dropped; a second closeWrite throws. */
  static class SloppyCloseWrite extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        private volatile boolean shut;

        @Override
        public int write(ByteBuffer src) throws IOException {
          if (shut) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
          }
          return delegate.write(src);
        }

        @Override
        public void closeWrite() throws IOException {
          if (shut) {
            throw new IOException("already half-closed");
          }
          shut = true;
          delegate.closeWrite();
        }
      };
    }
  }

  /** closeFuture() never completes. */
  static class CloseFutureNeverCompletes extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      CompletableFuture<Void> never = new CompletableFuture<>();
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public CompletableFuture<Void> closeFuture() {
          return never;
        }
      };
    }
  }

  /** Declares RESET, but qmux cannot reset: abort() closes, and the peer reads an ordinary end. */
  static class ClaimsReset extends Broken.Base {
    @Override
    protected java.util.Set<dev.qtalk.tck.Capability> capabilities() {
      java.util.Set<dev.qtalk.tck.Capability> caps = java.util.EnumSet.copyOf(super.capabilities());
      caps.add(dev.qtalk.tck.Capability.RESET);
      return caps;
    }
  }

  /** Connects with default options whatever it is asked for. */
  static class IgnoresOptions extends Broken.Base {
    @Override
    protected dev.qtalk.tck.SessionPair connect(dev.qtalk.Options options) throws Exception {
      return super.connect(dev.qtalk.Options.defaults());
    }
  }

  /** A session without addresses. */
  static class NoAddresses extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public java.net.SocketAddress remoteAddress() {
          return null;
        }
      };
    }
  }

  /** Opens a file for every session and never closes it (and keeps it reachable, so no cleaner closes it). */
  static class LeaksFdPerSession extends Broken.Base {
    private static final java.util.List<FileChannel> LEAKED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    Session wrapSession(Session s, boolean client) {
      try {
        Path f = Files.createTempFile("leaked-fd", ".tmp");
        f.toFile().deleteOnExit();
        LEAKED.add(FileChannel.open(f, StandardOpenOption.READ)); // never closed: the fault
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return super.wrapSession(s, client);
    }
  }
}
