package dev.qtalk.qmux.internal;

import dev.qtalk.OpenRefusedException;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A session's channels by local id, the accept backlog, and the receive budget. qmux has no
 * connection window, so the budget bounds the credit held across all channels (windows offered to
 * the peer plus bytes received and not yet read). It decides how much window a new channel gets
 * (what is left of the budget, at least {@link #MIN_GRANT}), and how fast credit goes back when it
 * is tight: a read whose credit would take the total past the budget returns only what fits, and
 * the rest goes back as other channels' data is read. So a peer that stays within the credit it
 * was given holds at most the budget, plus {@link #MIN_GRANT} for each channel opened once it was
 * spent. Never held across I/O or while calling a channel.
 */
final class ChannelTable {
  /** The least window a new channel gets, however tight the budget. */
  static final long MIN_GRANT = 4 * 1024;
  /** Ids never allocated to a channel: the keepalive's ping uses it. */
  static final long PING_ID = Message.MAX_UINT32;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition acceptable = lock.newCondition();
  private final long budget;
  private final int maxChannels;
  private final int backlogLimit;
  // guarded by lock
  private final Map<Long, QmuxChannel> channels = new HashMap<>();
  private final ArrayDeque<QmuxChannel> backlog = new ArrayDeque<>();
  private long nextId;
  private long held;
  private final LinkedHashSet<QmuxChannel> starved = new LinkedHashSet<>(); // in the order they asked
  private boolean closed;

  ChannelTable(long budget, int maxChannels, int backlogLimit) {
    this.budget = budget;
    this.maxChannels = maxChannels;
    this.backlogLimit = backlogLimit;
  }

  interface Factory {
    QmuxChannel create(long id, long window);
  }

  /**
   * Adds a channel this side opens, with up to {@code window} of the budget.
   *
   * @throws OpenRefusedException if the channel limit or the receive budget is reached
   */
  QmuxChannel addOutbound(long window, Factory factory, Supplier<IOException> closedError) throws IOException {
    lock.lock();
    try {
      if (closed) {
        throw closedError.get();
      }
      if (channels.size() >= maxChannels) {
        throw new OpenRefusedException(
            "open: " + channels.size() + " channels are open (maxChannels " + maxChannels + ")");
      }
      long grant = grant(window);
      QmuxChannel ch = factory.create(allocateId(), grant);
      channels.put(ch.id(), ch);
      return ch;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a channel the peer opened and queues it for accept; null if the backlog, limit or budget is full. */
  QmuxChannel addInbound(long window, Factory factory) {
    lock.lock();
    try {
      if (closed || backlog.size() >= backlogLimit || channels.size() >= maxChannels) {
        return null;
      }
      long grant = grant(window);
      QmuxChannel ch = factory.create(allocateId(), grant);
      channels.put(ch.id(), ch);
      backlog.add(ch);
      acceptable.signal();
      return ch;
    } finally {
      lock.unlock();
    }
  }

  private long grant(long wanted) {
    long grant = Math.min(wanted, Math.max(MIN_GRANT, budget - held));
    held += grant;
    return grant;
  }

  /** How much of the receive budget no channel holds. */
  long room() {
    lock.lock();
    try {
      return budget - held;
    } finally {
      lock.unlock();
    }
  }

  /** {@code n} bytes of credit left the budget: read by the application, or dropped. */
  void consumed(long n) {
    lock.lock();
    try {
      held -= n;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How much of {@code wanted} credit {@code ch} may give back to the peer now; a channel that
   * gets less is called back ({@link QmuxChannel#retryCredit}) once the budget has room.
   */
  long credit(QmuxChannel ch, long wanted) {
    lock.lock();
    try {
      long allowed = Math.max(0, Math.min(wanted, budget - held));
      held += allowed;
      if (allowed < wanted) {
        starved.add(ch);
      }
      return allowed;
    } finally {
      lock.unlock();
    }
  }

  /** Gives channels whose credit the budget held back another try; call with no lock held. */
  void payStarved() {
    List<QmuxChannel> due;
    lock.lock();
    try {
      if (starved.isEmpty() || held >= budget) {
        return;
      }
      due = new ArrayList<>(starved);
      starved.clear();
    } finally {
      lock.unlock();
    }
    for (QmuxChannel ch : due) {
      ch.retryCredit();
    }
  }

  /** Waits for a channel the peer opened. */
  QmuxChannel accept(long deadline, Supplier<IOException> closedError) throws IOException {
    Waits.lockInterruptibly(lock, "accept");
    try {
      QmuxChannel ch;
      while ((ch = backlog.poll()) == null) {
        if (closed) {
          throw closedError.get();
        }
        Waits.await(acceptable, deadline, "accept");
      }
      return ch;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a channel out of the backlog; false if it was accepted already. */
  boolean unqueue(QmuxChannel ch) {
    lock.lock();
    try {
      return backlog.remove(ch);
    } finally {
      lock.unlock();
    }
  }

  QmuxChannel get(long id) {
    lock.lock();
    try {
      return channels.get(id);
    } finally {
      lock.unlock();
    }
  }

  /** Frees a finished channel's id and its grant. */
  void remove(QmuxChannel ch) {
    long credit = ch.heldCredit(); // a finished channel's credit no longer changes; never ask it under our lock
    lock.lock();
    try {
      if (channels.remove(ch.id(), ch)) {
        held -= credit;
        starved.remove(ch);
      }
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return channels.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many channels wait to be accepted. */
  int backlogSize() {
    lock.lock();
    try {
      return backlog.size();
    } finally {
      lock.unlock();
    }
  }

  /** Credit held across all channels: windows offered plus bytes unread (for tests of the budget). */
  long held() {
    lock.lock();
    try {
      return held;
    } finally {
      lock.unlock();
    }
  }

  /** Empties the table for good and wakes every accept; returns the channels it held. */
  List<QmuxChannel> close() {
    lock.lock();
    try {
      closed = true;
      List<QmuxChannel> all = new ArrayList<>(channels.values());
      channels.clear();
      backlog.clear();
      held = 0;
      starved.clear();
      acceptable.signalAll();
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** The next free id; ids are not reused at once, since late messages may still name a freed one. */
  private long allocateId() {
    while (true) {
      long id = nextId;
      nextId = (nextId + 1) & Message.MAX_UINT32;
      if (id != PING_ID && !channels.containsKey(id)) {
        return id;
      }
    }
  }
}
