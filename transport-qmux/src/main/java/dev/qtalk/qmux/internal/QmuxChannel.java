package dev.qtalk.qmux.internal;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.ProtocolException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One qmux channel: its {@link ChannelState}, its receive buffer and window (given back to the peer
 * as the application reads), and its send window (the peer's credit).
 *
 * <p>Locking: {@link #lock} guards state, the buffer and both windows and is never held across
 * I/O; no call here writes to the connection: messages go to the session's {@link FrameWriter}.
 * {@link #writeSerial} keeps one application write whole and orders EOF after it. {@link
 * #wireClosed} and {@link #confirmPending} belong to the writer's thread, so no DATA, EOF or
 * WINDOW_ADJUST is ever written after this channel's CLOSE, nor before its OPEN_CONFIRM.
 *
 * <p>Interrupts and timeouts fail only the call they hit: a DATA message taken back from the
 * writer's queue returns its window, credit and EOF are queued without waiting (so they are never
 * lost), and the session goes on.
 */
public final class QmuxChannel implements Channel {
  /** The largest DATA payload one message carries, whatever the peer allows. */
  static final int MAX_DATA = 256 * 1024;
  private final QmuxSession session;
  private final long localId;
  private final boolean inbound;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ReentrantLock writeSerial = new ReentrantLock();

  // guarded by lock
  private ChannelState state;
  private long remoteId = -1;
  private long sendWindow;
  private int sendChunk;
  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private final long initialWindow;
  private long granted;
  private long receiveWindow;
  private long uncredited;
  /** Window this channel was meant to get on accept that the receive budget had no room for yet. */
  private long owedGrowth;
  /** Bytes the application has read since {@link #epochStart}. */
  private long readSinceGrowth;
  /** When the application began reading the current window's worth (for window growth). */
  private long epochStart = System.nanoTime();
  private boolean closedByApp;
  /** The peer sent EOF or CLOSE: once the buffer is read, reads see the end, whatever follows. */
  private boolean peerFinished;
  private IOException sessionEnd;

  /** Messages of this channel in the writer's ordered stream, not yet taken; guarded by the writer's lock. */
  int streamQueued;

  // written by the session's writer thread only
  volatile boolean wireClosed;
  /** An inbound channel whose OPEN_CONFIRM has not been written yet: it must precede all else. */
  volatile boolean confirmPending;

  private volatile ScheduledFuture<?> expiry;

  /** This channel's JFR record, set by its session when a recording wants channel events. */
  volatile dev.qtalk.spi.ChannelEvents.Probe probe;

  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;

  QmuxChannel(QmuxSession session, long localId, boolean inbound, long receiveWindow) {
    this.session = session;
    this.localId = localId;
    this.inbound = inbound;
    this.receiveWindow = receiveWindow;
    this.initialWindow = receiveWindow;
    this.granted = receiveWindow;
    this.state = inbound ? ChannelState.OPEN : ChannelState.OPENING;
    this.confirmPending = inbound;
  }

  @Override
  public long id() {
    return localId;
  }

  @Override
  public Session session() {
    return session;
  }

  boolean inbound() {
    return inbound;
  }

  long remoteId() {
    lock.lock();
    try {
      return remoteId;
    } finally {
      lock.unlock();
    }
  }

  ChannelState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  // ---- events from the session (reader thread or accept) ----

  /** The peer's OPEN told us its id and credit; called before the channel is queued for accept. */
  void peerParameters(long remoteId, long window, long maxPacket, int localMaxPacket) {
    lock.lock();
    try {
      this.remoteId = remoteId;
      this.sendWindow = window;
      // one DATA message is copied before it is queued: at most MAX_DATA of it
      this.sendChunk = (int) Math.min(Math.min(maxPacket, localMaxPacket), MAX_DATA);
    } finally {
      lock.unlock();
    }
  }

  /** The peer confirmed our OPEN; returns false if we had given up on it (the caller closes it). */
  boolean onConfirm(long remoteId, long window, long maxPacket, int localMaxPacket) {
    lock.lock();
    try {
      peerParameters(remoteId, window, maxPacket, localMaxPacket);
      state = state.confirmed();
      changed.signalAll();
      return state == ChannelState.OPEN;
    } finally {
      lock.unlock();
    }
  }

  /** The peer refused our OPEN (or it expired unaccepted). */
  void onRefused() {
    lock.lock();
    try {
      state = ChannelState.CLOSED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void expiry(ScheduledFuture<?> timer) {
    this.expiry = timer;
  }

  void cancelExpiry() {
    ScheduledFuture<?> timer = expiry;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** Closes a channel whose opener gave up before the peer confirmed it. */
  void closeAbandoned() {
    lock.lock();
    try {
      closedByApp = true;
      state = state.closeSent();
    } finally {
      lock.unlock();
    }
    session.queueClose(this);
  }

  /** Bytes received and not yet read. */
  long buffered() {
    lock.lock();
    try {
      return buffer.size();
    } finally {
      lock.unlock();
    }
  }

  /** The peer's credit left to this side (for tests). */
  long sendWindow() {
    lock.lock();
    try {
      return sendWindow;
    } finally {
      lock.unlock();
    }
  }

  /** The window advertised when the channel was opened or confirmed. */
  long initialWindow() {
    return initialWindow;
  }

  /** The credit this channel holds of the session's receive budget: window offered plus bytes unread. */
  long heldCredit() {
    lock.lock();
    try {
      return receiveWindow + buffer.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The budget had no room for all of this channel's credit, or for the window it was to get on
   * accept; it has some now. Credit owed for bytes read goes first, then the window's growth.
   */
  void retryCredit() {
    long credit;
    lock.lock();
    try {
      if (closedByApp || sessionEnd != null || uncredited + owedGrowth == 0) {
        return;
      }
      credit = session.table().credit(this, uncredited + owedGrowth);
      long returned = Math.min(credit, uncredited);
      uncredited -= returned;
      owedGrowth -= credit - returned;
      granted += credit - returned;
      receiveWindow += credit;
    } finally {
      lock.unlock();
    }
    if (credit > 0) {
      session.queueWindowAdjust(this, credit);
    }
  }

  /**
   * Grows the window by {@code more} (an accepted channel leaving the backlog's small window), as
   * far as the receive budget has room now; the rest follows once it has ({@link #retryCredit}),
   * so a channel accepted while the budget was tight does not keep a backlog-sized window.
   */
  void grow(long more) {
    if (more <= 0) {
      return;
    }
    long got;
    lock.lock();
    try {
      got = session.table().credit(this, more);
      owedGrowth += more - got;
      granted += got;
      receiveWindow += got;
    } finally {
      lock.unlock();
    }
    if (got > 0) {
      session.queueWindowAdjust(this, got);
    }
  }

  /** The window this channel offers now: its initial window plus any growth (for tests). */
  long grantedWindow() {
    lock.lock();
    try {
      return granted;
    } finally {
      lock.unlock();
    }
  }

  /** How many more bytes the peer may send (checked before a DATA payload is allocated). */
  long receiveWindow() {
    lock.lock();
    try {
      return receiveWindow;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a DATA payload whose length was already checked against the window: a small one is a
   * slice of the reader's slab, valid only during this call, and is copied; a large one is an
   * array of its own and is kept.
   */
  void onData(Message.Data data) {
    lock.lock();
    try {
      if (!counted(data.length())) {
        return;
      }
      if (data.length() >= MessageReader.OWNED_AT && data.offset() == 0 && data.payload().length == data.length()) {
        buffer.appendOwned(data.payload()); // its own array (see MessageReader): kept, not copied
      } else {
        buffer.append(data.payload(), data.offset(), data.length());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Takes a DATA payload in a direct buffer of its own (see MessageReader), which is kept. */
  void onData(Message.DirectData data) {
    lock.lock();
    try {
      if (!counted(data.length())) {
        BufferPool.DIRECT_IN.give(data.payload());
        return;
      }
      buffer.appendOwned(data.payload());
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts a DATA payload against the receive window; false if nobody will read it (its bytes are
   * consumed at once): a peer may send DATA that crossed our CLOSE. Called with the lock held.
   */
  private boolean counted(int length) {
    receiveWindow -= length;
    if (closedByApp || !state.peerCanWrite() || length == 0) {
      session.table().consumed(length);
      return false;
    }
    return true;
  }

  void onWindowAdjust(long bytes) throws ProtocolException {
    lock.lock();
    try {
      if (sendWindow + bytes > Message.MAX_UINT32) {
        throw new ProtocolException(
            "invalid window update: " + sendWindow + " + " + bytes + " overflows 2^32-1 on channel " + localId);
      }
      sendWindow += bytes;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void onEof() {
    lock.lock();
    try {
      state = state.eofReceived();
      peerFinished = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The peer's CLOSE; returns whether we still owe it ours. */
  boolean onCloseReceived() {
    lock.lock();
    try {
      boolean owe = state != ChannelState.CLOSING;
      state = state.closeReceived();
      peerFinished = true;
      changed.signalAll();
      return owe;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The session ended (however: a transport such as qmux+ssh closes its session when the channel
   * under it ends). What the peer sent stays readable: reads drain it, then see the end if the
   * peer had sent EOF or CLOSE, else the session's end.
   */
  void onSessionEnd(IOException cause) {
    lock.lock();
    try {
      if (sessionEnd == null) {
        sessionEnd = cause;
      }
      state = ChannelState.CLOSED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the peer's answer to our OPEN. */
  void awaitConfirm(long deadlineNanos) throws IOException {
    lock.lock();
    try {
      while (state == ChannelState.OPENING) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          state = ChannelState.ABANDONED;
          throw new DeadlineExceededException("open: the peer did not accept in time");
        }
        Waits.await(changed, deadlineNanos, "open");
      }
      if (state.established()) {
        return;
      }
      if (sessionEnd != null) {
        throw closed(sessionEnd);
      }
      throw new OpenRefusedException("open: channel refused by the peer");
    } finally {
      lock.unlock();
    }
  }

  /** Marks an open abandoned (the caller was interrupted); a late confirm then gets a CLOSE. */
  void abandon() {
    lock.lock();
    try {
      if (state == ChannelState.OPENING) {
        state = ChannelState.ABANDONED;
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- application side ----

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst, "dst");
    if (!dst.hasRemaining()) {
      return 0;
    }
    long credit = 0;
    int n;
    Waits.lockInterruptibly(lock, "read");
    try {
      long deadline = Waits.deadline(readTimeout);
      while (buffer.size() == 0) {
        if (closedByApp) {
          throw new ChannelClosedException("read: channel " + localId + " is closed");
        }
        if (peerFinished) {
          return -1;
        }
        if (sessionEnd != null) {
          throw closed(sessionEnd);
        }
        if (!state.peerCanWrite()) {
          return -1;
        }
        Waits.await(changed, deadline, "read");
      }
      if (closedByApp) {
        throw new ChannelClosedException("read: channel " + localId + " is closed");
      }
      n = buffer.read(dst);
      uncredited += n;
      readSinceGrowth += n;
      session.table().consumed(n);
      // Credit goes back once everything received has been read, or a quarter of the window: never
      // per small read, and never later than the end of a DATA message, since some peers send
      // nothing more until they get it (QTALK-WIRE §7). It is sent after the peer's EOF too, as
      // the reference does; the writer sends nothing after our CLOSE.
      if (sessionEnd == null && (buffer.size() == 0 || uncredited >= Math.max(1, granted / 4))) {
        long growth = buffer.size() == 0 ? growth() : 0;
        credit = session.table().credit(this, uncredited + growth); // less when the budget is tight
        long grown = Math.max(0, credit - uncredited);
        uncredited -= credit - grown;
        granted += grown;
        receiveWindow += credit;
      }
    } finally {
      lock.unlock();
    }
    if (credit > 0) {
      session.queueWindowAdjust(this, credit);
    }
    session.table().payStarved();
    return n;
  }

  /**
   * How much more window to offer. Once the application has read a whole window, reading all that
   * arrived, the time it took is compared with the session's round trip: a window read within two
   * round trips means the window, not the link or the reader, held the peer back, and it doubles
   * (up to {@code qmux.maxWindow}; the budget may grant less). Called with the lock held.
   */
  private long growth() {
    if (readSinceGrowth < granted) {
      return 0;
    }
    long now = System.nanoTime();
    long took = now - epochStart;
    readSinceGrowth = 0;
    epochStart = now;
    long max = session.config().maxWindow();
    long more = Math.min(granted, Math.min(max - granted, session.table().room() - uncredited));
    if (more <= 0) {
      return 0; // at the limit, or the budget has no room to grow into: no need to time the link
    }
    long rtt = session.roundTrip();
    return rtt > 0 && took < 2 * rtt ? more : 0;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src, "src");
    int total = src.remaining();
    Waits.lockInterruptibly(writeSerial, "write");
    try {
      if (total == 0) {
        checkWritable();
        return 0;
      }
      long deadline = Waits.deadline(writeTimeout);
      int written = 0;
      while (src.hasRemaining()) {
        int n;
        try {
          if (written > 0 && Thread.currentThread().isInterrupted()) {
            throw Waits.interrupted("write");
          }
          n = reserve(src.remaining(), deadline);
        } catch (InterruptedIOException e) {
          e.bytesTransferred = written;
          throw e;
        }
        try {
          session.sendData(this, src, n, deadline);
        } catch (IOException e) {
          giveBack(n); // nothing of it was queued
          if (e instanceof InterruptedIOException ie) {
            ie.bytesTransferred = written;
          }
          throw e;
        }
        src.position(src.position() + n);
        written += n;
      }
      return total;
    } finally {
      writeSerial.unlock();
    }
  }

  /** Returns window reserved for a message that never went out. */
  private void giveBack(int n) {
    lock.lock();
    try {
      sendWindow += n;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void checkWritable() throws IOException {
    lock.lock();
    try {
      if (sessionEnd != null) {
        throw closed(sessionEnd);
      }
      if (!state.canWrite()) {
        throw new ChannelClosedException("write: channel " + localId + " is " + describe());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Takes up to {@code wanted} bytes of the peer's window, waiting while it is empty. */
  private int reserve(int wanted, long deadline) throws IOException {
    Waits.lockInterruptibly(lock, "write");
    try {
      while (true) {
        if (sessionEnd != null) {
          throw closed(sessionEnd);
        }
        if (!state.canWrite()) {
          throw new ChannelClosedException("write: channel " + localId + " is " + describe());
        }
        if (sendWindow > 0) {
          int n = (int) Math.min(Math.min(wanted, sendChunk), sendWindow);
          sendWindow -= n;
          return n;
        }
        Waits.await(changed, deadline, "write");
      }
    } finally {
      lock.unlock();
    }
  }

  private String describe() {
    return switch (state) {
      case WRITE_SHUT, BOTH_SHUT -> "half-closed for writing";
      case CLOSING -> "closed";
      case CLOSED -> closedByApp ? "closed" : "closed by the peer";
      default -> state.name().toLowerCase();
    };
  }

  @Override
  public void closeWrite() throws IOException {
    Waits.lockInterruptibly(writeSerial, "closeWrite"); // EOF goes after every write already under way
    try {
      lock.lock();
      try {
        if (sessionEnd != null) {
          throw closed(sessionEnd);
        }
        if (!state.canWrite()) {
          return; // already half-closed or closed: idempotent
        }
        state = state.eofSent();
        session.queueEof(this); // never blocks: the state and the EOF change together
      } finally {
        lock.unlock();
      }
    } finally {
      writeSerial.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closedByApp) {
        return;
      }
      closedByApp = true;
      discardBuffered();
      changed.signalAll();
      if (state == ChannelState.CLOSED || state == ChannelState.CLOSING || !state.established()) {
        return; // the peer closed first (we answered), or the session is gone
      }
      state = state.closeSent();
    } finally {
      lock.unlock();
    }
    session.queueClose(this);
  }

  /** qmux cannot reset a channel: this closes it at once and drops unread data. */
  @Override
  public void abort() {
    close();
  }

  private void discardBuffered() {
    session.table().consumed(buffer.size());
    buffer.clear();
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return !closedByApp && sessionEnd == null && state != ChannelState.CLOSED;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void readTimeout(Duration timeout) {
    readTimeout = Waits.checkTimeout(timeout);
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public void writeTimeout(Duration timeout) {
    writeTimeout = Waits.checkTimeout(timeout);
  }

  @Override
  public Duration writeTimeout() {
    return writeTimeout;
  }

  @Override
  public String toString() {
    return "QmuxChannel[" + session.name() + " ch=" + localId + " peer=" + remoteId() + " " + state() + "]";
  }

  // ---- helpers ----

  private static SessionClosedException closed(IOException cause) {
    if (cause instanceof SessionClosedException s) {
      return new SessionClosedException(s.getMessage(), s.getCause());
    }
    return new SessionClosedException("session ended: " + cause.getMessage(), cause);
  }

}
