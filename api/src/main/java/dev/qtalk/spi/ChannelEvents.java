package dev.qtalk.spi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR events of a channel's life: opened, and closed (with the channel's lifetime as the
 * event's duration, the bytes it carried each way, and the cause if it failed). A transport calls
 * {@link #opened} when a channel is opened or accepted; while no recording asks for these events
 * that returns null and costs one check, so a channel's hot paths test the probe for null and do
 * nothing more. A channel opened before a recording started reports no events. Listed in {@code
 * docs/observability.md}.
 *
 * @since 0.1
 */
public final class ChannelEvents {
  private ChannelEvents() {}

  @Name("dev.qtalk.ChannelOpened")
  @Label("qtalk Channel Opened")
  @Category({"qtalk", "Channel"})
  @Description("A channel was opened (local) or accepted from the peer (remote)")
  @StackTrace(false)
  static final class Opened extends Event {
    @Label("Session") @Description("the transport's name for the session, as in its logs") String session;
    @Label("Channel") long channel;
    @Label("Direction") @Description("local (this side opened it) or remote (the peer did)") String direction;
  }

  @Name("dev.qtalk.ChannelClosed")
  @Label("qtalk Channel Closed")
  @Category({"qtalk", "Channel"})
  @Description("A channel ended; the duration is its lifetime")
  @StackTrace(false)
  static final class Closed extends Event {
    @Label("Session") String session;
    @Label("Channel") long channel;
    @Label("Direction") String direction;
    @Label("Bytes In") @DataAmount long bytesIn;
    @Label("Bytes Out") @DataAmount long bytesOut;
    @Label("Cause") @Description("why it failed; empty after an orderly close") String cause;
  }

  /**
   * A channel's record while a recording wants its events: the transport counts its bytes here
   * and calls {@link #closed} when it ends.
   */
  public static final class Probe {
    private final String session;
    private final long channel;
    private final String direction;
    private final Closed closed = new Closed();
    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final AtomicBoolean ended = new AtomicBoolean();

    private Probe(String session, long channel, String direction) {
      this.session = session;
      this.channel = channel;
      this.direction = direction;
      closed.begin();
    }

    /** Counts {@code n} payload bytes received on the channel. */
    public void received(long n) {
      in.add(n);
    }

    /** Counts {@code n} payload bytes sent on the channel. */
    public void sent(long n) {
      out.add(n);
    }

    /**
     * Emits the closed event, once: later calls do nothing.
     *
     * @param cause why the channel failed (a reset, its session's failure), or null
     */
    public void closed(Throwable cause) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      closed.end();
      if (closed.shouldCommit()) {
        closed.session = session;
        closed.channel = channel;
        closed.direction = direction;
        closed.bytesIn = in.sum();
        closed.bytesOut = out.sum();
        closed.cause = cause == null ? "" : cause.toString();
        closed.commit();
      }
    }
  }

  /**
   * Emits the opened event and returns the channel's probe, or returns null when no recording
   * wants channel events.
   *
   * @param session the transport's name for the channel's session
   * @param channel this side's channel id
   * @param local whether this side opened the channel (false: the peer did and it was accepted)
   */
  public static Probe opened(String session, long channel, boolean local) {
    Opened opened = new Opened();
    boolean wantsClosed = new Closed().isEnabled();
    if (!opened.isEnabled() && !wantsClosed) {
      return null;
    }
    String direction = local ? "local" : "remote";
    if (opened.shouldCommit()) {
      opened.session = session;
      opened.channel = channel;
      opened.direction = direction;
      opened.commit();
    }
    return wantsClosed ? new Probe(session, channel, direction) : null;
  }
}
