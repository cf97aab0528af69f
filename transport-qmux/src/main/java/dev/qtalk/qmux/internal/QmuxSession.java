package dev.qtalk.qmux.internal;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.PeerIdentity;
import dev.qtalk.ProtocolException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionStats;
import dev.qtalk.spi.ChannelEvents;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A qmux session over one {@link Connection}: its lifecycle, and the dispatch of what the peer
 * sends to its channels. The parts, as OkHttp splits its HTTP/2 connection:
 *
 * <ul>
 *   <li>{@link SessionReader}: the reader thread, which decodes messages and hands them here; it
 *       never blocks on the application or on the socket's write side;
 *   <li>{@link FrameWriter}: the writer thread and its queue, the only code that writes to the
 *       connection;
 *   <li>{@link ChannelTable}: channels by id, the accept backlog, the receive budget;
 *   <li>{@link Keepalive}: pings and the idle timeout, on the shared timer thread.
 * </ul>
 *
 * <p>Both session threads are virtual, so an idle session costs no platform thread; see
 * docs/design.md for the measurements behind that choice.
 */
public final class QmuxSession implements Session {
  static final System.Logger LOG = System.getLogger("dev.qtalk.qmux");
  static final System.Logger FRAMES = System.getLogger("dev.qtalk.qmux.frames");

  static final long MIN_PACKET = 9;
  static final long MAX_PACKET = 1L << 31;
  private static final AtomicLong SESSIONS = new AtomicLong();
  /** How old a round-trip measurement may be before window growth asks for a new one. */
  private static final long ROUND_TRIP_REFRESH = TimeUnit.SECONDS.toNanos(5);

  private final Connection connection;
  private final QmuxConfig config;
  private final String name;
  private final ChannelTable table;
  private final FrameWriter writer;
  private final Keepalive keepalive;

  private final ReentrantLock lock = new ReentrantLock();
  // guarded by lock
  private boolean ended;
  private IOException failure;
  private String endReason;

  // the round trip, timed with the keepalive's ping (an OPEN every peer refuses at once)
  private final AtomicLong probeSent = new AtomicLong(); // nanoTime of the ping out, 0 if none
  private volatile long roundTrip; // nanoseconds, 0 until measured
  private volatile long roundTripAt;

  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger liveThreads = new AtomicInteger(2);
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private volatile Thread readerThread;

  private QmuxSession(Connection connection, QmuxConfig config, String name) {
    this.connection = connection;
    this.config = config;
    this.name = name;
    this.table = new ChannelTable(config.receiveBudget(), config.maxChannels(), config.acceptBacklog());
    this.writer = new FrameWriter(connection, name, config, new WriterEvents());
    this.keepalive =
        Keepalive.start(
            config.keepaliveInterval(), config.keepaliveTimeout(), config.idleTimeout(), new Pinger(), Timers.SHARED);
  }

  /** Starts a session on {@code connection}; either side may open and accept channels. */
  public static QmuxSession start(Connection connection, Options options) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(options, "options");
    Connection counted = new CountingConnection(connection); // for stats()
    QmuxSession s =
        new QmuxSession(counted, QmuxConfig.from(options), "qmux-" + SESSIONS.incrementAndGet());
    s.writer.start(s::threadExited);
    s.readerThread = new SessionReader(s, counted).start(s::threadExited);
    LOG.log(Level.DEBUG, () -> s.name + ": started on " + connection.remoteAddress());
    return s;
  }

  String name() {
    return name;
  }

  QmuxConfig config() {
    return config;
  }

  // ---- Session ----

  @Override
  public Channel open() throws IOException {
    return open(config.openTimeout());
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    long deadline = deadlineOf(timeout);
    if (deadline - System.nanoTime() <= 0) {
      throw new DeadlineExceededException("open: timed out (a zero timeout cannot wait for the peer)");
    }
    traffic();
    QmuxChannel ch =
        table.addOutbound(
            config.windowSize(), (id, window) -> new QmuxChannel(this, id, false, window), this::sessionClosed);
    ch.probe = ChannelEvents.opened(name, ch.id(), true);
    Outbound o = new Outbound(null, new Message.Open(ch.id(), ch.initialWindow(), config.maxPacketSize()), false);
    long sent = System.nanoTime();
    if (!writer.enqueue(o)) {
      forget(ch);
      throw sessionClosed();
    }
    try {
      ch.awaitConfirm(deadline);
      roundTripSample(System.nanoTime() - sent);
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
    return acceptUntil(Waits.NO_DEADLINE);
  }

  @Override
  public Channel accept(Duration timeout) throws IOException {
    return acceptUntil(deadlineOf(timeout));
  }

  private Channel acceptUntil(long deadline) throws IOException {
    QmuxChannel ch = table.accept(deadline, this::sessionClosed);
    ch.cancelExpiry();
    long more = config.windowSize() - ch.initialWindow();
    if (more > 0) {
      ch.grow(more); // the window beyond the backlog's, as far as the budget has room
    }
    traffic();
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

      @Override
      public long droppedMessages() {
        return dropped.get();
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
    end(null, "closed locally", true);
  }

  /** How many messages for unknown or finished channels were dropped. */
  public long droppedMessages() {
    return dropped.get();
  }

  @Override
  public String toString() {
    return "QmuxSession[" + name + " " + connection.remoteAddress() + (isOpen() ? "" : " ended") + "]";
  }

  // ---- sending (application threads) ----

  /**
   * Copies {@code length} bytes of {@code src} from its position into a DATA message of {@code ch}
   * and queues it, waiting (until the deadline) while the writer's stream is full. If it throws,
   * nothing was queued.
   */
  void sendData(QmuxChannel ch, ByteBuffer src, int length, long deadline) throws IOException {
    traffic();
    writer.writeData(writer.data(ch, ch.remoteId(), src, length), deadline);
    ChannelEvents.Probe p = ch.probe;
    if (p != null) {
      p.sent(length);
    }
  }

  /** Queues this channel's EOF behind its data; never blocks. */
  void queueEof(QmuxChannel ch) throws IOException {
    traffic();
    Outbound o = new Outbound(ch, new Message.Eof(ch.remoteId()), false);
    if (!writer.enqueue(o)) {
      throw sessionClosed();
    }
  }

  /** Queues credit; never blocks, so a read that freed it never waits and never loses it. */
  void queueWindowAdjust(QmuxChannel ch, long credit) {
    writer.enqueue(new Outbound(ch, new Message.WindowAdjust(ch.remoteId(), credit), false));
  }

  /** Queues this channel's CLOSE; never blocks. */
  void queueClose(QmuxChannel ch) {
    traffic();
    writer.enqueue(new Outbound(ch, new Message.Close(ch.remoteId()), false));
  }

  Message.OpenConfirm confirmOf(QmuxChannel ch) {
    return new Message.OpenConfirm(ch.remoteId(), ch.id(), ch.initialWindow(), config.maxPacketSize());
  }

  private void traffic() {
    if (keepalive != null) {
      keepalive.traffic();
    }
  }

  // ---- what the reader hands over ----

  /**
   * The session's round trip in nanoseconds, or 0 while none is known: the least measured within
   * the last few seconds. Sends a ping to measure it when no measurement is recent (one at a time;
   * never blocks).
   */
  long roundTrip() {
    long now = System.nanoTime();
    if ((roundTrip == 0 || now - roundTripAt > ROUND_TRIP_REFRESH) && probeSent.get() == 0
        && probeSent.compareAndSet(0, now)) {
      if (!writer.enqueue(new Outbound(null, new Message.Open(ChannelTable.PING_ID, 0, 0), false))) {
        probeSent.set(0);
      }
    }
    return roundTrip;
  }

  /**
   * One measured round trip: a ping's answer, or an OPEN's confirmation. The estimate keeps the
   * least sample, replaced by any sample once it is older than {@link #ROUND_TRIP_REFRESH}: a
   * ping answered behind queued data (in our writer, in either kernel) measures the queue too,
   * and would make a loopback link look like a long one.
   */
  private void roundTripSample(long nanos) {
    long now = System.nanoTime();
    long current = roundTrip;
    if (current == 0 || nanos <= current || now - roundTripAt > ROUND_TRIP_REFRESH) {
      roundTrip = Math.max(1, nanos);
      roundTripAt = now;
    }
  }

  /** The peer answered a ping (ours or the keepalive's). */
  private void pong() {
    long sent = probeSent.getAndSet(0);
    if (sent != 0) {
      roundTripSample(System.nanoTime() - sent);
    }
    if (keepalive != null) {
      keepalive.pong();
    }
  }

  /** Refuses a DATA payload, before it is read in, that the peer had no right to send. */
  void checkData(long recipient, long length) throws ProtocolException {
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

  /** One message from the peer. A DATA payload is valid only during this call (it is copied). */
  void dispatch(Message m) throws IOException {
    if (m instanceof Message.OpenFailure f && f.recipientId() == ChannelTable.PING_ID) {
      pong();
      return;
    }
    if (keepalive != null) {
      if (m instanceof Message.Open o && o.maxPacketSize() == 0) {
        keepalive.heard(); // the peer's ping: answered below, but not traffic
      } else {
        keepalive.traffic();
      }
    }
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
          received(ch, d.length());
        }
      }
      case Message.DirectData d -> {
        QmuxChannel ch = target(d.recipientId());
        if (ch == null) {
          drop(m);
          BufferPool.DIRECT_IN.give(d.payload());
        } else {
          ch.onData(d);
          received(ch, d.length());
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
          writer.reply(new Outbound(ch, new Message.Close(ch.remoteId()), true));
        } else {
          maybeForget(ch);
        }
      }
    }
  }

  private void onOpen(Message.Open o) throws IOException {
    if (o.maxPacketSize() < MIN_PACKET || o.maxPacketSize() > MAX_PACKET) {
      // max packet 0 is the keepalive ping of a peer like this one
      LOG.log(Level.TRACE, () -> name + ": refusing OPEN with max packet " + o.maxPacketSize());
      writer.reply(new Outbound(null, new Message.OpenFailure(o.senderId()), true));
      return;
    }
    long window = Math.min(config.windowSize(), config.backlogWindow());
    QmuxChannel ch =
        table.addInbound(window, (id, grant) -> {
          QmuxChannel c = new QmuxChannel(this, id, true, grant);
          c.peerParameters(o.senderId(), o.windowSize(), o.maxPacketSize(), config.maxPacketSize());
          return c;
        });
    if (ch == null) {
      LOG.log(Level.DEBUG, () -> name + ": refusing OPEN: accept backlog, channel limit or receive budget reached");
      refused.increment();
      writer.reply(new Outbound(null, new Message.OpenFailure(o.senderId()), true));
      return;
    }
    ch.probe = ChannelEvents.opened(name, ch.id(), false);
    // Confirmed at once, like a TCP backlog: the reader never waits for the application.
    writer.reply(new Outbound(ch, confirmOf(ch), true));
    ch.expiry(Timers.SHARED.schedule(() -> expire(ch), config.acceptTimeout().toNanos(), TimeUnit.NANOSECONDS));
  }

  /** A channel the application did not accept in time is closed. */
  private void expire(QmuxChannel ch) {
    if (table.unqueue(ch)) {
      refused.increment();
      LOG.log(Level.DEBUG, () -> name + ": closing channel " + ch.id() + ": not accepted in time");
      ch.close();
    }
  }

  private void onOpenConfirm(Message.OpenConfirm c) throws IOException {
    QmuxChannel ch = table.get(c.recipientId());
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
    QmuxChannel ch = table.get(f.recipientId());
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
    QmuxChannel ch = table.get(id);
    if (ch == null) {
      return null;
    }
    return ch.state().established() ? ch : null;
  }

  private static void received(QmuxChannel ch, int length) {
    ChannelEvents.Probe p = ch.probe;
    if (p != null) {
      p.received(length);
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
    ChannelEvents.Probe p = ch.probe;
    if (p != null) {
      p.closed(null);
    }
    table.remove(ch);
    table.payStarved();
  }

  /** How many channels are in the table (for tests of the lifecycle). */
  int channelCount() {
    return table.size();
  }

  /** Credit held across all channels (for tests of the receive budget). */
  long heldCredit() {
    return table.held();
  }

  ChannelTable table() {
    return table;
  }

  /** How many keepalive pings the peer has answered (0 with keepalive off). */
  public long keepaliveAnswers() {
    return keepalive == null ? 0 : keepalive.pongs();
  }

  /** Bytes of DATA copied and waiting for the writer (for tests). */
  long queuedData() {
    return writer.queuedData();
  }

  /** How many batches the writer has taken (for tests that small messages are coalesced). */
  long batchesTaken() {
    return writer.batchesTaken();
  }

  /** How many writes wait for room in the writer's queue (for tests). */
  int waitingForSpace() {
    return writer.waitingForSpace();
  }

  SessionClosedException sessionClosed() {
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

  /** The reader's end: the peer closed the connection, or reading failed. */
  void readerEnded(IOException cause, String reason) {
    end(cause, reason);
    closeConnection(); // after an orderly close's drain, the peer's end is what closes it
  }

  /**
   * Ends the session once: the writer stops, every channel and every blocked call is released,
   * the connection closed. Data the peer sent before a remote end stays readable.
   */
  void end(IOException cause, String reason) {
    end(cause, reason, false);
  }

  /**
   * How long a local {@link #close()} lets the writer send what was already queued (written data,
   * EOF, CLOSE) before the connection is closed under it: close() itself never waits, and a peer
   * that stops reading cannot hold the connection open longer than this.
   */
  static final Duration CLOSE_DRAIN = Duration.ofSeconds(2);

  /** The drain's deadline after an orderly local close, cancelled once the connection is closed. */
  private volatile ScheduledFuture<?> drainDeadline;

  /**
   * Ends the session once: every channel and every blocked call is released and the connection
   * closed. With {@code drain} (an orderly local close) the writer first sends everything already
   * queued, so bytes a write() accepted and an EOF closeWrite() queued reach the peer; otherwise
   * what is queued fails at once. Data the peer sent before a remote end stays readable.
   */
  private void end(IOException cause, String reason, boolean drain) {
    lock.lock();
    try {
      if (ended) {
        return;
      }
      ended = true;
      failure = cause;
      endReason = reason;
    } finally {
      lock.unlock();
    }
    LOG.log(Level.DEBUG, () -> name + ": ended: " + reason);
    if (keepalive != null) {
      keepalive.stop();
    }
    SessionClosedException closed = sessionClosed();
    if (drain) {
      writer.finish(closed);
      drainDeadline = Timers.SHARED.schedule(() -> {
        writer.close(closed); // no-op once drained
        closeConnection();
      }, CLOSE_DRAIN.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      writer.close(closed);
    }
    List<QmuxChannel> all = table.close();
    for (QmuxChannel ch : all) {
      ch.cancelExpiry();
      ch.onSessionEnd(closed);
      ChannelEvents.Probe p = ch.probe;
      if (p != null) {
        p.closed(cause);
      }
    }
    if (!drain) {
      closeConnection();
    }
  }

  private void closeConnection() {
    ScheduledFuture<?> deadline = drainDeadline;
    if (deadline != null) {
      deadline.cancel(false); // and out of the timer's queue: it holds the session until it runs
    }
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> name + ": closing the connection: " + e);
    }
  }

  private void threadExited() {
    if (liveThreads.decrementAndGet() == 0) {
      closeFuture.complete(null);
    }
  }

  /** Whether the calling thread is this session's reader (which must not wait on itself). */
  boolean onReaderThread() {
    return Thread.currentThread() == readerThread;
  }

  /**
   * The deadline of a timed session call: zero or negative means "only if possible at once".
   *
   * @throws NullPointerException if {@code timeout} is null
   */
  private static long deadlineOf(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      return System.nanoTime();
    }
    return Waits.deadline(timeout);
  }

  private final class WriterEvents implements FrameWriter.Events {
    @Override
    public void writeFailed(IOException e) {
      end(ended() ? null : e, "write failed: " + e.getMessage());
    }

    @Override
    public void closeWritten(QmuxChannel ch) {
      maybeForget(ch);
    }

    @Override
    public void drained() {
      // Everything queued has been written: send FIN and read on until the peer closes too (or
      // the drain's deadline), so its last messages are read, not answered with a reset.
      try {
        connection.shutdownOutput();
      } catch (IOException | RuntimeException e) {
        closeConnection();
      }
    }

    @Override
    public Message.OpenConfirm confirmOf(QmuxChannel ch) {
      return QmuxSession.this.confirmOf(ch);
    }
  }

  private final class Pinger implements Keepalive.Session {
    @Override
    public void ping() {
      writer.enqueue(new Outbound(null, new Message.Open(ChannelTable.PING_ID, 0, 0), false));
    }

    @Override
    public void dead(Duration waited) {
      IOException e =
          new IOException("the peer did not answer a keepalive ping within " + waited.toMillis() + " ms");
      end(e, "peer presumed dead: " + e.getMessage());
    }

    @Override
    public void idle(Duration idleFor) {
      end(null, "idle for " + idleFor.toMillis() + " ms (idle timeout " + config.idleTimeout() + ")");
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
}
