package dev.qtalk.spi;

import dev.qtalk.SessionStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals a transport keeps for {@link dev.qtalk.Session#stats()}: it calls the
 * counting methods as things happen, and returns this object as the session's stats. Each count is
 * a {@link LongAdder}, so counting from many threads costs no lock.
 *
 * @since 0.1
 */
public final class SessionCounters implements SessionStats {
  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** Counts {@code n} bytes received. */
  public void received(long n) {
    received.add(n);
  }

  /** Counts {@code n} bytes sent. */
  public void sent(long n) {
    sent.add(n);
  }

  /** Counts a channel this side opened. */
  public void opened() {
    opened.increment();
  }

  /** Counts a channel the peer opened that this side accepted. */
  public void accepted() {
    accepted.increment();
  }

  /** Counts a channel the peer opened that was refused or expired unaccepted. */
  public void refused() {
    refused.increment();
  }

  /** Counts a message dropped because its channel had ended here. */
  public void dropped() {
    dropped.increment();
  }

  @Override
  public long bytesReceived() {
    return received.sum();
  }

  @Override
  public long bytesSent() {
    return sent.sum();
  }

  @Override
  public long channelsOpened() {
    return opened.sum();
  }

  @Override
  public long channelsAccepted() {
    return accepted.sum();
  }

  @Override
  public long channelsRefused() {
    return refused.sum();
  }

  @Override
  public long droppedMessages() {
    return dropped.sum();
  }

  @Override
  public String toString() {
    return "SessionCounters[received=" + bytesReceived() + " sent=" + bytesSent() + " opened="
        + channelsOpened() + " accepted=" + channelsAccepted() + " refused=" + channelsRefused()
        + " dropped=" + droppedMessages() + "]";
  }
}
