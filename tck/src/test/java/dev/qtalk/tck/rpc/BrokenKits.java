package dev.qtalk.tck.rpc;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The rpc suite on deliberately broken transports (mem underneath). These classes are not named
 * *Test, so the build does not run them; {@link RpcTckTeethTest} runs them and expects failures.
 */
final class BrokenKits {
  private BrokenKits() {}

  static SessionPair brokenPair(Options options, UnaryOperator<Channel> breaker) throws Exception {
    try (SessionListener l = Transports.listen(URI.create("mem:rpc-broken-" + UUID.randomUUID()), options)) {
      Session client = Transports.connect(l.uri(), options);
      return new SessionPair(new BrokenSession(client, breaker), new BrokenSession(l.accept(), breaker));
    }
  }

  /** A sound client session and a server session that {@code breaker} wraps. */
  static SessionPair serverBroken(Options options, UnaryOperator<Session> breaker) throws Exception {
    try (SessionListener l = Transports.listen(URI.create("mem:rpc-broken-" + UUID.randomUUID()), options)) {
      Session client = Transports.connect(l.uri(), options);
      return new SessionPair(client, breaker.apply(l.accept()));
    }
  }

  /** Corrupts the last byte of every write. */
  static class Corrupting extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, BrokenSession::corrupting);
    }
  }

  /** closeWrite() closes both directions. */
  static class NoHalfClose extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, BrokenSession::noHalfClose);
    }
  }

  /** The server's reads never report the caller's end: a cancelled or expired call's handler waits on. */
  static class EndHidden extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return serverBroken(options, server -> new BrokenSession(server, BrokenSession::hidesEnd));
    }
  }

  /** Corrupts the middle byte of every write (a selector or an error text, where the last byte may not matter). */
  static class CorruptingMiddle extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, BrokenSession::corruptingMiddle);
    }
  }

  /** Only the connecting side can open channels: the server's open() fails. */
  static class ClientOnlyOpens extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return serverBroken(options, server -> new BrokenSession(server, UnaryOperator.identity()) {
          @Override
          public Channel open() throws IOException {
            throw new IOException("this transport opens channels from the connecting side only");
          }

          @Override
          public Channel open(Duration timeout) throws IOException {
            return open();
          }
        });
    }
  }

  /** The server side accepts a channel only once the one it accepted before is closed. */
  static class OneChannelAtATime extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return serverBroken(options, server -> new OneAtATime(server));
    }
  }

  private static final class OneAtATime extends BrokenSession {
    private final Semaphore turn = new Semaphore(1);

    OneAtATime(Session delegate) {
      super(delegate, UnaryOperator.identity());
    }

    @Override
    public Channel accept() throws IOException {
      try {
        turn.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("accept: interrupted");
      }
      Channel ch;
      try {
        ch = super.accept();
      } catch (IOException | RuntimeException e) {
        turn.release();
        throw e;
      }
      AtomicBoolean released = new AtomicBoolean();
      Runnable release = () -> {
        if (released.compareAndSet(false, true)) {
          turn.release();
        }
      };
      return new BrokenSession.Forwarding(ch) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            release.run();
          }
        }

        @Override
        public void abort() {
          super.abort();
          release.run();
        }
      };
    }
  }

  /** Not broken at all: the control, which must pass what the others fail. */
  static class Sound extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, UnaryOperator.identity());
    }
  }
}
