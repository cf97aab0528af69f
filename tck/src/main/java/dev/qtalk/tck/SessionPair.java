package dev.qtalk.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two connected sessions of the transport under test: {@code client} dialled, {@code server} accepted.
 *
 * @since 0.1
 */
public record SessionPair(Session client, Session server) implements AutoCloseable {
  /** How long {@link #connect} waits for the dialling side. */
  private static final long DIAL_SECONDS = 30;

  public SessionPair {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
  }

  /**
   * Listens at {@code listenAt} (port 0 picks a free port), connects to the listener's URI and
   * accepts: the usual way to make a pair for a transport found through {@link Transports}. The
   * connect runs on another thread while this one accepts, so transports whose handshake needs
   * both sides at once (TLS, SSH) work. The listener is closed once the pair exists; the sessions
   * stay open.
   */
  public static SessionPair listenAndConnect(URI listenAt, Options options) throws IOException {
    Objects.requireNonNull(listenAt, "listenAt");
    Objects.requireNonNull(options, "options");
    try (SessionListener listener = Transports.listen(listenAt, options)) {
      return connect(listener, () -> Transports.connect(listener.uri(), options));
    }
  }

  /**
   * Runs {@code dial} on another thread while this one accepts from {@code listener}, and pairs
   * the two sessions. The listener stays open. If either side fails, the other is closed.
   */
  public static SessionPair connect(SessionListener listener, Dialer dial) throws IOException {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(dial, "dial");
    CompletableFuture<Session> client = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("tck-dial")
        .start(
            () -> {
              try {
                client.complete(dial.dial());
              } catch (Throwable t) {
                client.completeExceptionally(t);
              }
            });
    Session server;
    try {
      server = listener.accept();
    } catch (IOException | RuntimeException e) {
      client.thenAccept(Session::close);
      throw e;
    }
    try {
      return new SessionPair(client.get(DIAL_SECONDS, TimeUnit.SECONDS), server);
    } catch (InterruptedException e) {
      server.close();
      client.thenAccept(Session::close);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("connect: interrupted");
    } catch (TimeoutException e) {
      server.close();
      client.thenAccept(Session::close);
      throw new IOException("connect: the dialling side did not finish within " + DIAL_SECONDS + " s", e);
    } catch (ExecutionException e) {
      server.close();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("connect: the dialling side failed: " + e.getCause(), e.getCause());
    }
  }

  /** Connects the client side of a pair (for {@link #connect}). */
  @FunctionalInterface
  public interface Dialer {
    Session dial() throws IOException;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
