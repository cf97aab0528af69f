package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.RawPeer;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Broken transports for the bad-input rules: qmux over TCP whose sessions hide how they end from
 * the application (the wire is untouched; the faults are in what the session reports).
 */
final class RawFaults {
  private RawFaults() {}

  /** qmux+tcp whose raw-peer sessions never complete closeFuture and report themselves open. */
  static class HidesSessionEnd extends TransportTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options)) {
        Session client = Transports.connect(listener.uri(), options);
        return new SessionPair(client, listener.accept());
      }
    }

    @Override
    protected Set<Capability> capabilities() {
      return EnumSet.of(Capability.HALF_CLOSE, Capability.WIRE_FORMAT);
    }

    @Override
    protected String transportName() {
      return "broken-" + getClass().getSimpleName();
    }

    @Override
    protected List<byte[]> malformedMessages() {
      return List.of(HexFormat.of().parseHex("07000000000000000000"));
    }

    @Override
    protected RawPeer rawPeer(Options options) throws Exception {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Session session = Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + server.getLocalPort()), options);
        Socket raw = server.accept();
        return new RawPeer(fault(session), raw.getInputStream(), raw.getOutputStream(), raw);
      }
    }

    Session fault(Session s) {
      CompletableFuture<Void> never = new CompletableFuture<>();
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public CompletableFuture<Void> closeFuture() {
          return never;
        }

        @Override
        public boolean isOpen() {
          return true;
        }
      };
    }
  }

  /** qmux+tcp whose raw-peer sessions ignore open timeouts and hide their end from accept. */
  static class WaitsForever extends HidesSessionEnd {
    @Override
    Session fault(Session s) {
      return new WrappedSession(s, (ws, c) -> new WrappedChannel(ws, c)) {
        @Override
        public Channel open(Duration timeout) throws IOException {
          return super.open(Duration.ofSeconds(60));
        }

        @Override
        public Channel accept() throws IOException {
          try {
            return super.accept();
          } catch (SessionClosedException e) {
            try {
              Thread.sleep(Long.MAX_VALUE); // the fault: the end of the session is never reported
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
            throw new InterruptedIOException("accept: interrupted");
          }
        }
      };
    }
  }
}
