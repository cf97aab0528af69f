package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Broken transports for the proxy rules: qmux+tcp, with the kit's TCP proxy on the path. */
final class ProxyFaults {
  private ProxyFaults() {}

  /** qmux+tcp through the proxy, sessions wrapped by {@link #wrap}. */
  abstract static class Base extends TransportTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return SessionPair.listenAndConnect(URI.create("qmux+tcp://127.0.0.1:0"), options);
    }

    @Override
    protected SessionPair connectThrough(Options options, Route route) throws Exception {
      try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options)) {
        InetSocketAddress via = route.to(new InetSocketAddress("127.0.0.1", listener.uri().getPort()));
        SessionPair p =
            SessionPair.connect(listener, () -> Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + via.getPort()), options));
        return new SessionPair(wrap(p.client()), wrap(p.server()));
      }
    }

    abstract Session wrap(Session s);

    @Override
    protected Set<Capability> capabilities() {
      return EnumSet.of(Capability.HALF_CLOSE, Capability.CONFIGURABLE_WINDOW, Capability.TCP_PROXY);
    }

    @Override
    protected String transportName() {
      return "broken-" + getClass().getSimpleName();
    }
  }

  /** A lost connection is never reported to a blocked accept (it waits on, as if the session lived). */
  static class AcceptOutlivesConnection extends Base {
    @Override
    Session wrap(Session s) {
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public Channel accept() throws IOException {
          try {
            return super.accept();
          } catch (SessionClosedException e) {
            try {
              Thread.sleep(Long.MAX_VALUE); // the fault
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
            throw new InterruptedIOException("accept: interrupted");
          }
        }
      };
    }
  }

  /** A read that waits more than 20 ms takes the silence for the end of the stream. */
  static class SlowPeerLooksGone extends Base {
    @Override
    Session wrap(Session s) {
      return new WrappedSession(
          s,
          (ws, c) ->
              new WrappedChannel(ws, c) {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                  if (delegate.readTimeout().isZero()) {
                    delegate.readTimeout(Duration.ofMillis(20));
                  }
                  try {
                    return delegate.read(dst);
                  } catch (DeadlineExceededException silence) {
                    return -1; // the fault
                  }
                }
              });
    }
  }

  /** Declares KEEPALIVE but never turns it on: a stalled path leaves every call blocked. */
  static class IgnoresKeepalive extends AcceptOutlivesConnection {
    @Override
    protected SessionPair connectThrough(Options options, Route route) throws Exception {
      Options off = options.toBuilder().set(dev.qtalk.StandardOptions.KEEPALIVE_INTERVAL, Duration.ZERO).build();
      return super.connectThrough(off, route);
    }

    @Override
    Session wrap(Session s) {
      return s;
    }

    @Override
    protected Set<Capability> capabilities() {
      Set<Capability> caps = EnumSet.copyOf(super.capabilities());
      caps.add(Capability.KEEPALIVE);
      return caps;
    }
  }
}
