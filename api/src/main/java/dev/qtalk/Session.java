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
 * has ended. An interrupt or a timeout fails only the call it hits: the session and its channels
 * stay usable. Sessions are safe for use from many threads.
 *
 * <h2>Timed calls</h2>
 *
 * For {@link #open(Duration)} and {@link #accept(Duration)}:
 *
 * <ul>
 *   <li>a positive {@code timeout} is the longest the call waits before it throws {@link
 *       DeadlineExceededException};
 *   <li>{@link Duration#ZERO} means "do not wait": the call succeeds only if it can complete at
 *       once (a channel the peer opened is already waiting to be accepted), and otherwise throws
 *       {@link DeadlineExceededException} at once;
 *   <li>a negative {@code timeout} means the same as zero;
 *   <li>{@code null} is rejected with {@link NullPointerException}.
 * </ul>
 *
 * <h2>Ending</h2>
 *
 * A session ends when either side calls {@link #close()}, when the connection under it ends, or
 * when it fails (a protocol error, a dead peer found by keepalive). From then on, on both sides:
 * {@link #isOpen()} is false; {@link #open}, {@link #accept} and every blocked call of them throw
 * {@link SessionClosedException}; every channel's blocked and later reads and writes throw a
 * {@link QtalkException} ({@link SessionClosedException} or {@link ChannelClosedException}), except
 * that bytes the peer sent before an orderly end are still read, followed by end of stream (-1);
 * {@link #closeFuture()} completes. {@link #closeCause()} is empty after an orderly end (either
 * side's {@code close()}, or the peer's connection ending cleanly) and holds the failure otherwise.
 * With {@link StandardOptions#KEEPALIVE_INTERVAL} set, a peer that stops answering (a cut or
 * stalled connection) ends the session, with a cause, within the keepalive interval plus {@link
 * StandardOptions#KEEPALIVE_TIMEOUT}, where the transport supports keepalive.
 *
 * @since 0.1
 */
public interface Session extends Closeable {

  /**
   * Opens a channel, waiting at most the session's open timeout ({@link
   * StandardOptions#OPEN_TIMEOUT}) for the peer.
   */
  Channel open() throws IOException;

  /**
   * Opens a channel, waiting at most {@code timeout} for the peer to accept it (zero or negative:
   * not at all, see the class comment). A transport that confirms opens on arrival, as qmux does,
   * returns once the peer's session has the channel, before the peer's application accepts it.
   *
   * @throws OpenRefusedException if the peer refused the channel (a full backlog, too many
   *     channels); the session stays usable
   * @throws DeadlineExceededException if the peer did not answer in time; the session stays usable
   * @throws SessionClosedException once the session has ended
   * @throws NullPointerException if {@code timeout} is null
   */
  Channel open(Duration timeout) throws IOException;

  /**
   * Waits without limit for the peer to open a channel and returns it. Channels are accepted in
   * the order the peer opened them. A channel the peer opened, wrote to and closed before it was
   * accepted is still returned, and reads the peer's bytes then end of stream.
   *
   * @throws SessionClosedException once the session has ended (also for a call blocked when it
   *     ends); never returns null
   */
  Channel accept() throws IOException;

  /**
   * Waits at most {@code timeout} for the peer to open a channel, as {@link #accept()} does. With
   * zero or a negative timeout it returns a channel that is already waiting, or throws at once.
   *
   * @throws DeadlineExceededException if none arrived in time; the session stays usable
   * @throws SessionClosedException once the session has ended
   * @throws NullPointerException if {@code timeout} is null
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
   * This session's running totals (bytes, channels, dropped messages), where the transport counts
   * them (every transport of this project does); empty otherwise.
   *
   * @since 0.1
   */
  default Optional<SessionStats> stats() {
    return Optional.empty();
  }

  /** True until the session has been closed by either side or has failed. */
  boolean isOpen();

  /**
   * Completes (always normally) when the session has ended and released its resources; see
   * {@link #closeCause()} for why it ended.
   */
  CompletableFuture<Void> closeFuture();

  /**
   * Why the session ended: empty while open and after an orderly end (either side's {@link
   * #close()}, or the connection ending cleanly); the failure otherwise (a {@link
   * ProtocolException}, a reset connection, a keepalive that went unanswered).
   */
  Optional<IOException> closeCause();

  /**
   * Ends the session and the connection under it, in an orderly way. Blocked calls on this side
   * fail with {@link SessionClosedException} promptly (channel reads and writes with it or with
   * {@link ChannelClosedException}); the peer sees its session end, also in an orderly way (its
   * {@link #closeCause()} stays empty). Never blocks on the peer; idempotent.
   */
  @Override
  void close();
}
