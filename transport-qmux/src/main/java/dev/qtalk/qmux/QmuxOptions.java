package dev.qtalk.qmux;

import dev.qtalk.Option;
import java.time.Duration;

/**
 * Options of the qmux transport beyond {@link dev.qtalk.StandardOptions}. Defaults, and what bounds
 * each queue the peer can feed:
 *
 * <ul>
 *   <li>unread data: {@link dev.qtalk.StandardOptions#WINDOW_SIZE} per channel (2 MiB), enforced
 *       by flow control: a peer that sends more ends the session;
 *   <li>channels opened by the peer and not yet accepted: {@link
 *       dev.qtalk.StandardOptions#ACCEPT_BACKLOG} (1024); further opens are refused;
 *   <li>channels per session: {@link dev.qtalk.StandardOptions#MAX_CHANNELS} (65,536);
 *   <li>control replies waiting to be written: {@link #CONTROL_QUEUE_LIMIT} (4096); beyond it the
 *       session stops reading until the writer catches up, and a peer that leaves them unread for
 *       {@link #CONTROL_STALL_TIMEOUT} (30 s) ends the session.
 * </ul>
 *
 * @since 0.1
 */
public final class QmuxOptions {
  private QmuxOptions() {}

  /**
   * How many control replies (OPEN_CONFIRM, OPEN_FAILURE, CLOSE) may wait for the writer before the
   * session stops reading from the peer.
   */
  public static final Option<Integer> CONTROL_QUEUE_LIMIT =
      Option.of("qmux.controlQueueLimit", Integer.class, 4096, v -> v > 0, "> 0");

  /** How long the session waits for a full control queue to drain before it ends the session. */
  public static final Option<Duration> CONTROL_STALL_TIMEOUT =
      Option.of("qmux.controlStallTimeout", Duration.class, Duration.ofSeconds(30),
          d -> !d.isNegative() && !d.isZero(), "> 0");
}
