package dev.qtalk.qmux;

import dev.qtalk.Option;
import java.time.Duration;

/**
 * Options of the qmux transport beyond {@link dev.qtalk.StandardOptions}. Defaults, and what bounds
 * each queue the peer can feed (all counted in heap, whatever the sizes of the peer's messages):
 *
 * <ul>
 *   <li>unread data: {@link dev.qtalk.StandardOptions#WINDOW_SIZE} per channel (2 MiB), grown up
 *       to {@link #MAX_WINDOW} (64 MiB) while the application reads as fast as the peer sends and
 *       the peer runs out of credit (a long link), enforced by flow control (a peer that sends more
 *       than it was granted ends the session), and {@link #RECEIVE_BUDGET}
 *       (256 MiB) across all channels of a session: the window each new channel gets comes out of
 *       it, and a channel is refused once less than 4 KiB of it is left. Unread bytes are held in
 *       16 KiB segments, so a channel holds at most its window plus 32 KiB;
 *   <li>channels opened by the peer and not yet accepted: {@link
 *       dev.qtalk.StandardOptions#ACCEPT_BACKLOG} (1024), each with only {@link #BACKLOG_WINDOW}
 *       (16 KiB) of window until accepted, so the whole backlog holds at most 16 MiB; further opens
 *       are refused;
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

  /**
   * The most credit (receive window) one session grants across all its channels at once: what a
   * peer can make the session hold in unread data.
   */
  public static final Option<Long> RECEIVE_BUDGET =
      Option.of("qmux.receiveBudget", Long.class, 256L * 1024 * 1024, v -> v >= 4096, ">= 4096");

  /**
   * The window a channel the peer opened gets while it waits to be accepted; the rest of its
   * window is granted when the application accepts it.
   */
  public static final Option<Integer> BACKLOG_WINDOW =
      Option.of("qmux.backlogWindow", Integer.class, 16 * 1024, v -> v > 0, "> 0");

  /**
   * The largest window a channel grows to. A channel starts with {@link
   * dev.qtalk.StandardOptions#WINDOW_SIZE}; each time the application has read a whole window while
   * keeping up with the peer, and the peer came close to running out of credit, the window doubles,
   * up to this and as far as {@link #RECEIVE_BUDGET} has room. A window at or below {@code
   * WINDOW_SIZE} turns growth off.
   */
  public static final Option<Long> MAX_WINDOW =
      Option.of("qmux.maxWindow", Long.class, 64L * 1024 * 1024, v -> v > 0 && v <= 0xFFFF_FFFFL, "1 to 2^32-1");
}
