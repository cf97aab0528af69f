package dev.qtalk;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to a peer, carrying any number of independent {@link Channel}s that either side
 * can open.
 *
 * <p>Every blocking call honours interruption ({@link java.io.InterruptedIOException}, with the
 * thread's interrupt flag restored) and fails with {@link SessionClosedException} once the session
 * has ended. Sessions are safe for use from many threads.
 *
 * @since 0.1
 */
public interface Session extends Closeable {

  /** Opens a channel, waiting at most the session's default open timeout for the peer. */
  Channel open() throws IOException;

  /**
   * Opens a channel, waiting at most {@code timeout} for the peer to accept it.
   *
   * @throws OpenRefusedException if the peer refused the channel
   * @throws DeadlineExceededException if the peer did not answer in time
   */
  Channel open(Duration timeout) throws IOException;

  /**
   * Waits for the peer to open a channel and returns it.
   *
   * @throws SessionClosedException once the session has ended; never returns null
   */
  Channel accept() throws IOException;

  /**
   * Waits at most {@code timeout} for the peer to open a channel.
   *
   * @throws DeadlineExceededException if none arrived in time; the session stays usable
   */
  Channel accept(Duration timeout) throws IOException;

  /** This end's address, or an address that names the transport when it has none. */
  SocketAddress localAddress();

  /** The peer's address, or an address that names the transport when it has none. */
  SocketAddress remoteAddress();

  /**
   * Who the peer proved to be when the session was made: its verified TLS certificate chain, or
   * its SSH user and key; empty when the transport authenticates no one (TCP, a TLS client that
   * sent no certificate).
   *
   * @since 0.1
   */
  default Optional<PeerIdentity> peerIdentity() {
    return Optional.empty();
  }

  /**
   * This session's running totals (bytes, channels), where the transport counts them ({@code
   * qmux+*} and {@code mem} do); empty otherwise.
   *
   * @since 0.1
   */
  default Optional<SessionStats> stats() {
    return Optional.empty();
  }

  /** False once the session has been closed by either side or has failed. */
  boolean isOpen();

  /**
   * Completes (always normally) when the session has ended and released its resources; see
   * {@link #closeCause()} for why it ended.
   */
  CompletableFuture<Void> closeFuture();

  /** Why the session ended: empty while open and after an orderly close. */
  Optional<IOException> closeCause();

  /**
   * Ends the session and the connection under it. Blocked calls on this side fail with {@link
   * SessionClosedException}; the peer sees its connection end. Idempotent.
   */
  @Override
  void close();
}
