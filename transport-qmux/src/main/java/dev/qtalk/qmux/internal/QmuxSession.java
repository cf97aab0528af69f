package dev.qtalk.qmux.internal;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Options;
import dev.qtalk.PeerIdentity;
import dev.qtalk.ProtocolException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionStats;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A qmux session over one {@link Connection}: the channel table, the reader loop, and the writer.
 *
 * <p>Threads: one reader decodes messages and never blocks on the application or on the socket;
 * its replies (OPEN_CONFIRM, OPEN_FAILURE, CLOSE) go through a bounded queue drained by one writer.
 * Both are platform threads: a blocking read on a virtual thread costs a poller round trip, and
 * control replies must keep flowing however busy the virtual-thread carriers are. Application threads write their own DATA, EOF, WINDOW_ADJUST and OPEN_CONFIRM under
 * {@link #writeLock}, which serialises every message onto the connection.
 */
public final class QmuxSession implements Session {
  static final System.Logger LOG = System.getLogger("dev.qtalk.qmux");
  static final System.Logger FRAMES = System.getLogger("dev.qtalk.qmux.frames");

  private static final long MIN_PACKET = 9;
  private static final long MAX_PACKET = 1L << 31;
  private static final AtomicLong SESSIONS = new AtomicLong();
  private static final ScheduledThreadPoolExecutor TIMERS = timers();

  private final Connection connection;
  private final QmuxConfig config;
  private final String name;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition acceptable = lock.newCondition();
  // guarded by lock
  private final Map<Long, QmuxChannel> channels = new HashMap<>();
  private final ArrayDeque<QmuxChannel> backlog = new ArrayDeque<>();
  private long nextId;
  private boolean ended;
  private IOException failure;
  private String endReason;

  private final LinkedBlockingQueue<Control> control = new LinkedBlockingQueue<>();
  private final Semaphore controlRoom;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger liveThreads = new AtomicInteger(2);
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final Thread reader;
  private final Thread writer;

  /** A reply or close the writer thread sends; {@code peerFed} ones count against the limit. */
  private record Control(QmuxChannel channel, Message message, boolean peerFed) {}

  private QmuxSession(Connection connection, QmuxConfig config, String name) {
    this.connection = connection;
    this.config = config;
    this.name = name;
    this.reader = Thread.ofPlatform().daemon().name(name + "-reader").unstarted(this::readLoop);
    this.writer = Thread.ofPlatform().daemon().name(name + "-writer").unstarted(this::writeLoop);
    this.controlRoom = new Semaphore(config.controlQueueLimit());
  }

  /** Starts a session on {@code connection}; either side may open and accept channels. */
  public static QmuxSession start(Connection connection, Options options) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(options, "options");
    QmuxSession s = new QmuxSession(
        new CountingConnection(connection), QmuxConfig.from(options), "qmux-" + SESSIONS.incrementAndGet());
    s.reader.start();
    s.writer.start();
    LOG.log(Level.DEBUG, () -> s.name + ": started on " + connection.remoteAddress());
    return s;
  }

  String name() {
    return name;
  }

  // ---- Session ----

  @Override
  public Channel open() throws IOException {
    return open(config.openTimeout());
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    long deadline = deadlineOf(timeout);
    QmuxChannel ch;
    lock.lock();
    try {
      checkOpen();
      if (channels.size() >= config.maxChannels()) {
        throw new OpenRefusedException(
            "open: " + channels.size() + " channels are open (maxChannels " + config.maxChannels() + ")");
      }
      long id = allocateId();
      ch = new QmuxChannel(this, id, false, config.windowSize());
      channels.put(id, ch);
    } finally {
      lock.unlock();
    }
    try {
      send(new Message.Open(ch.id(), config.windowSize(), config.maxPacketSize()));
      ch.awaitConfirm(deadline);
      opened.increment();
      return ch;
    } catch (InterruptedIOException e) {
      ch.abandon(); // a DeadlineExceededException has already abandoned it too
      throw e;
    } catch (IOException e) {
      if (!(e instanceof DeadlineExceededException)) {
        forget(ch);
      }
      throw e;
    }
  }

  @Override
  public Channel accept() throws IOException {
    return accept(null);
  }

  @Override
  public Channel accept(Duration timeout) throws IOException {
    long deadline = timeout == null ? Waits.NO_DEADLINE : deadlineOf(timeout);
    QmuxChannel ch;
    Waits.lockInterruptibly(lock, "accept");
    try {
      while ((ch = backlog.poll()) == null) {
        checkOpen();
        Waits.await(acceptable, deadline, "accept");
      }
    } finally {
      lock.unlock();
    }
    ch.cancelExpiry();
    accepted.increment();
    return ch;
  }

  @Override
  public SocketAddress localAddress() {
    return connection.localAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public Optional<PeerIdentity> peerIdentity() {
    return connection.peerIdentity();
  }

  // counters for stats(); the byte counts are kept by the CountingConnection start() wraps
  private final LongAdder opened = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();

  @Override
  public Optional<SessionStats> stats() {
    if (!(connection instanceof CountingConnection counts)) {
      return Optional.empty();
    }
    return Optional.of(new SessionStats() {
      @Override
      public long bytesReceived() {
        return counts.received.sum();
      }

      @Override
      public long bytesSent() {
        return counts.sent.sum();
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
    });
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return !ended;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public Optional<IOException> closeCause() {
    lock.lock();
    try {
      return Optional.ofNullable(failure);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    end(null, "closed locally");
  }

  /** How many messages for unknown or finished channels were dropped. */
  public long droppedMessages() {
    return dropped.get();
  }

  @Override
  public String toString() {
    return "QmuxSession[" + name + " " + connection.remoteAddress() + (isOpen() ? "" : " ended") + "]";
  }

  // ---- sending ----

  /** Writes one message (not channel-bound) from an application thread. */
  private void send(Message m) throws IOException {
    write(MessageCodec.encode(m), m, null, false);
  }

  /** Writes one DATA message: its 9-byte header and the payload slice, uncopied. */
  void sendData(QmuxChannel ch, byte[] header, byte[] payload, int offset, int length)
      throws IOException {
    Waits.lockInterruptibly(writeLock, "write");
    try {
      if (beforeChannelMessage(ch, null, true)) {
        if (FRAMES.isLoggable(Level.TRACE)) {
          FRAMES.log(Level.TRACE, name + " >> DATA ch=" + MessageCodec.uint32(header, 1) + " len=" + length);
        }
        connection.write(header, payload, offset, length);
      }
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      writeLock.unlock();
    }
  }

  void sendEof(QmuxChannel ch) throws IOException {
    Message m = new Message.Eof(ch.remoteId());
    write(MessageCodec.encode(m), m, ch, true);
  }

  /**
   * Gives credit back; quietly skipped once the channel's CLOSE is out or the session is gone. The
   * read that freed the credit has already succeeded, so an interrupt must not lose it: the
   * interrupt flag is set aside while the adjust is written (a flagged thread's socket write would
   * close the socket) and restored after.
   */
  void sendWindowAdjust(QmuxChannel ch, long credit) {
    Message m = new Message.WindowAdjust(ch.remoteId(), credit);
    boolean interrupted = Thread.interrupted();
    try {
      write(MessageCodec.encode(m), m, ch, false);
    } catch (IOException e) {
      // the session has ended (and said why)
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Queues this channel's CLOSE behind whatever the writer has; never blocks. */
  void queueClose(QmuxChannel ch) {
    control.add(new Control(ch, new Message.Close(ch.remoteId()), false));
  }

  /**
   * Writes under the write lock. With {@code ch} set, nothing goes out after that channel's CLOSE:
   * a message that must not be dropped ({@code strict}) fails instead.
   */
  private void write(byte[] encoded, Message m, QmuxChannel ch, boolean strict) throws IOException {
    Waits.lockInterruptibly(writeLock, "write");
    try {
      if (ch == null && ended()) {
        throw sessionClosed();
      }
      if (ch != null && !beforeChannelMessage(ch, m, strict)) {
        return;
      }
      if (m instanceof Message.Close) {
        ch.wireClosed = true;
      }
      trace(">>", m, encoded);
      connection.write(encoded);
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Under the write lock, before a message for {@code ch}: writes its OPEN_CONFIRM first if still
   * owed, and says whether the message may go out. Nothing goes out after the channel's CLOSE; a
   * message that must not vanish ({@code strict}) fails instead.
   */
  private boolean beforeChannelMessage(QmuxChannel ch, Message m, boolean strict) throws IOException {
    if (ended()) {
      throw sessionClosed();
    }
    if (ch.wireClosed) {
      if (strict) {
        throw new dev.qtalk.ChannelClosedException("channel " + ch.id() + " is closed");
      }
      return false;
    }
    if (ch.confirmPending) {
      Message confirm = confirmOf(ch);
      ch.confirmPending = false;
      trace(">>", confirm, null);
      connection.write(MessageCodec.encode(confirm));
      return !(m instanceof Message.OpenConfirm);
    }
    return !(m instanceof Message.OpenConfirm); // already written ahead of the channel's first message
  }

  /**
   * A failed write ends the session; our own typed errors pass through. An interrupt inside
   * {@code connection.write} (the write lock is taken before) may leave part of a message on the
   * wire, after which the peer cannot find the next message: the session ends, and the caller
   * still gets its InterruptedIOException.
   */
  private IOException writeFailed(IOException e) {
    if (e instanceof dev.qtalk.QtalkException) {
      return e;
    }
    if (e instanceof InterruptedIOException) {
      end(new IOException("a write was interrupted part way through a message", e),
          "a write was interrupted part way through a message");
      return e;
    }
    end(e, "write failed: " + e.getMessage());
    return sessionClosed();
  }

  private Message.OpenConfirm confirmOf(QmuxChannel ch) {
    return new Message.OpenConfirm(ch.remoteId(), ch.id(), config.windowSize(), config.maxPacketSize());
  }

  private void trace(String dir, Message m, byte[] encoded) {
    if (FRAMES.isLoggable(Level.TRACE)) {
      Message shown = m != null ? m : new Message.Data(MessageCodec.uint32(encoded, 1), encoded, 9, encoded.length - 9);
      FRAMES.log(Level.TRACE, name + " " + dir + " " + Message.trace(shown));
    }
  }

  private void writeLoop() {
    List<Control> batch = new ArrayList<>();
    try {
      while (true) {
        batch.add(control.take());
        control.drainTo(batch, 255);
        // one turn of the write lock for the whole batch, so application writers cannot starve it
        Waits.lockInterruptibly(writeLock, "write");
        try {
          for (Control c : batch) {
            write(MessageCodec.encode(c.message()), c.message(), c.channel(), false);
          }
        } finally {
          writeLock.unlock();
        }
        for (Control c : batch) {
          if (c.peerFed()) {
            controlRoom.release();
          }
          if (c.channel() != null && c.message() instanceof Message.Close) {
            maybeForget(c.channel());
          }
        }
        batch.clear();
      }
    } catch (InterruptedException | IOException e) {
      // the session has ended
    } finally {
      threadExited();
    }
  }

  /**
   * Queues a reply the peer caused. While the writer is behind by the control queue limit, the
   * reader waits (so the peer feels TCP backpressure); a peer that leaves our replies unread for
   * the stall timeout ends the session.
   */
  private void reply(QmuxChannel ch, Message m) throws IOException {
    if (!controlRoom.tryAcquire()) {
      Duration stall = config.controlStallTimeout();
      try {
        if (!controlRoom.tryAcquire(stall.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new ProtocolException(
              "the peer is not reading: " + config.controlQueueLimit() + " control replies waited "
                  + stall.toSeconds() + " s");
        }
      } catch (InterruptedException e) {
        throw Waits.interrupted("reply");
      }
    }
    control.add(new Control(ch, m, true));
  }

  // ---- reading ----

  private void readLoop() {
    MessageReader messages = new MessageReader(connection.input());
    try {
      while (true) {
        Message m = messages.next(this::checkData);
        if (m == null) {
          end(null, "the peer closed the connection");
          break;
        }
        trace("<<", m, null);
        dispatch(m);
      }
    } catch (ProtocolException e) {
      LOG.log(Level.WARNING, name + ": ending session: protocol error: " + e.getMessage());
      end(e, "protocol error: " + e.getMessage());
    } catch (IOException e) {
      if (isReset(e)) {
        // A peer that closes with our last messages unread resets the connection; like the
        // reference, treat that as the peer closing.
        end(null, "the peer closed the connection (reset)");
      } else {
        end(ended() ? null : e, "connection failed: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, name + ": reader failed", e);
      end(new IOException("qmux reader failed: " + e, e), "internal error: " + e);
    } finally {
      threadExited();
    }
  }

  private static boolean isReset(IOException e) {
    return e instanceof java.net.SocketException && String.valueOf(e.getMessage()).contains("Connection reset");
  }

  /** Refuses a DATA payload, before it is allocated, that the peer had no right to send. */
  private void checkData(long recipient, long length) throws ProtocolException {
    if (length > config.maxPacketSize()) {
      throw new ProtocolException(
          "DATA of " + length + " bytes on channel " + recipient + " exceeds the max packet size "
              + config.maxPacketSize());
    }
    QmuxChannel ch = target(recipient);
    if (ch != null && length > ch.receiveWindow()) {
      throw new ProtocolException(
          "the peer wrote too much: " + length + " bytes on channel " + recipient + " with "
              + ch.receiveWindow() + " left in its window");
    }
  }

  private void dispatch(Message m) throws IOException {
    switch (m) {
      case Message.Open o -> onOpen(o);
      case Message.OpenConfirm c -> onOpenConfirm(c);
      case Message.OpenFailure f -> onOpenFailure(f);
      case Message.WindowAdjust w -> {
        QmuxChannel ch = target(w.recipientId());
        if (ch == null) {
          drop(m);
        } else if (w.additionalBytes() > 0) {
          ch.onWindowAdjust(w.additionalBytes());
        }
      }
      case Message.Data d -> {
        QmuxChannel ch = target(d.recipientId());
        if (ch == null) {
          drop(m);
        } else {
          ch.onData(d);
        }
      }
      case Message.Eof e -> {
        QmuxChannel ch = target(e.recipientId());
        if (ch == null) {
          drop(m);
        } else {
          ch.onEof();
        }
      }
      case Message.Close c -> {
        QmuxChannel ch = target(c.recipientId());
        if (ch == null) {
          drop(m);
        } else if (ch.onCloseReceived()) {
          reply(ch, new Message.Close(ch.remoteId()));
        } else {
          maybeForget(ch);
        }
      }
    }
  }

  private void onOpen(Message.Open o) throws IOException {
    if (o.maxPacketSize() < MIN_PACKET || o.maxPacketSize() > MAX_PACKET) {
      LOG.log(Level.DEBUG, () -> name + ": refusing OPEN with max packet " + o.maxPacketSize());
      reply(null, new Message.OpenFailure(o.senderId()));
      return;
    }
    QmuxChannel ch = null;
    lock.lock();
    try {
      if (!ended && backlog.size() < config.acceptBacklog() && channels.size() < config.maxChannels()) {
        ch = new QmuxChannel(this, allocateId(), true, config.windowSize());
        ch.peerParameters(o.senderId(), o.windowSize(), o.maxPacketSize(), config.maxPacketSize());
        channels.put(ch.id(), ch);
        backlog.add(ch);
        acceptable.signal();
      }
    } finally {
      lock.unlock();
    }
    if (ch == null) {
      LOG.log(Level.DEBUG, () -> name + ": refusing OPEN: accept backlog or channel limit reached");
      refused.increment();
      reply(null, new Message.OpenFailure(o.senderId()));
      return;
    }
    // Confirmed at once, like a TCP backlog: the reader never waits for the application.
    reply(ch, confirmOf(ch));
    QmuxChannel queued = ch;
    ch.expiry(TIMERS.schedule(() -> expire(queued), config.acceptTimeout().toNanos(), TimeUnit.NANOSECONDS));
  }

  /** A channel the application did not accept in time is closed. */
  private void expire(QmuxChannel ch) {
    boolean expired;
    lock.lock();
    try {
      expired = backlog.remove(ch);
    } finally {
      lock.unlock();
    }
    if (expired) {
      refused.increment();
      LOG.log(Level.DEBUG, () -> name + ": closing channel " + ch.id() + ": not accepted in time");
      ch.close();
    }
  }

  private void onOpenConfirm(Message.OpenConfirm c) throws IOException {
    QmuxChannel ch = channel(c.recipientId());
    if (ch == null) {
      drop(c);
      return;
    }
    if (ch.inbound()) {
      throw new ProtocolException("OPEN_CONFIRM for channel " + c.recipientId() + ", which the peer opened");
    }
    if (c.maxPacketSize() < MIN_PACKET || c.maxPacketSize() > MAX_PACKET) {
      throw new ProtocolException("OPEN_CONFIRM with max packet " + c.maxPacketSize() + " (expected: 9 to 2^31)");
    }
    ChannelState state = ch.state();
    if (state != ChannelState.OPENING && state != ChannelState.ABANDONED) {
      throw new ProtocolException("OPEN_CONFIRM for channel " + c.recipientId() + " in state " + state);
    }
    if (!ch.onConfirm(c.senderId(), c.windowSize(), c.maxPacketSize(), config.maxPacketSize())) {
      ch.closeAbandoned(); // the opener gave up: close what the peer just confirmed
    }
  }

  private void onOpenFailure(Message.OpenFailure f) throws ProtocolException {
    QmuxChannel ch = channel(f.recipientId());
    if (ch == null) {
      drop(f);
      return;
    }
    if (ch.inbound()) {
      throw new ProtocolException("OPEN_FAILURE for channel " + f.recipientId() + ", which the peer opened");
    }
    ChannelState state = ch.state();
    if (state != ChannelState.OPENING && state != ChannelState.ABANDONED) {
      throw new ProtocolException("OPEN_FAILURE for channel " + f.recipientId() + " in state " + state);
    }
    ch.onRefused();
    forget(ch);
  }

  /** The channel a message may address: known, established, and not finished. */
  private QmuxChannel target(long id) {
    QmuxChannel ch = channel(id);
    if (ch == null) {
      return null;
    }
    return ch.state().established() ? ch : null;
  }

  private QmuxChannel channel(long id) {
    lock.lock();
    try {
      return channels.get(id);
    } finally {
      lock.unlock();
    }
  }

  private void drop(Message m) {
    dropped.incrementAndGet();
    LOG.log(Level.DEBUG, () -> name + ": dropping " + Message.trace(m) + ": no such open channel");
  }

  // ---- channel table and lifecycle ----

  /** Frees the id once CLOSE has gone both ways. */
  void maybeForget(QmuxChannel ch) {
    if (ch.wireClosed && ch.state() == ChannelState.CLOSED) {
      forget(ch);
    }
  }

  private void forget(QmuxChannel ch) {
    lock.lock();
    try {
      channels.remove(ch.id(), ch);
    } finally {
      lock.unlock();
    }
  }

  /** The next free id; ids are not reused at once, since late messages may still name a freed one. */
  private long allocateId() {
    while (true) {
      long id = nextId;
      nextId = (nextId + 1) & Message.MAX_UINT32;
      if (!channels.containsKey(id)) {
        return id;
      }
    }
  }

  /** How many channels are in the table (for tests of the lifecycle). */
  int channelCount() {
    lock.lock();
    try {
      return channels.size();
    } finally {
      lock.unlock();
    }
  }

  private boolean ended() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() throws SessionClosedException {
    if (ended) {
      throw sessionClosed();
    }
  }

  private SessionClosedException sessionClosed() {
    lock.lock();
    try {
      String why = endReason == null ? "closed" : endReason;
      return failure == null
          ? new SessionClosedException("session " + name + " ended: " + why)
          : new SessionClosedException("session " + name + " ended: " + why, failure);
    } finally {
      lock.unlock();
    }
  }

  /** Ends the session once: every channel and every blocked call is released, the connection closed. */
  private void end(IOException cause, String reason) {
    List<QmuxChannel> all;
    lock.lock();
    try {
      if (ended) {
        return;
      }
      ended = true;
      failure = cause;
      endReason = reason;
      all = new ArrayList<>(channels.values());
      channels.clear();
      backlog.clear();
      acceptable.signalAll();
    } finally {
      lock.unlock();
    }
    LOG.log(Level.DEBUG, () -> name + ": ended: " + reason);
    SessionClosedException closed = sessionClosed();
    for (QmuxChannel ch : all) {
      ch.cancelExpiry();
      ch.onSessionEnd(closed);
    }
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> name + ": closing the connection: " + e);
    }
    writer.interrupt();
    if (Thread.currentThread() != reader) {
      reader.interrupt();
    }
  }

  private void threadExited() {
    if (liveThreads.decrementAndGet() == 0) {
      closeFuture.complete(null);
    }
  }

  private static long deadlineOf(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    return Waits.deadline(timeout);
  }

  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("qmux-timer").unstarted(r));
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
