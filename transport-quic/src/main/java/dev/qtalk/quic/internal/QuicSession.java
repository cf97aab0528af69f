package dev.qtalk.quic.internal;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.PeerIdentity;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionStats;
import dev.qtalk.StandardOptions;
import dev.qtalk.quic.QuicOptions;
import dev.qtalk.spi.ChannelEvents;
import dev.qtalk.spi.SessionCounters;
import dev.qtalk.spi.Waits;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Session} over one QUIC connection, in the manner of qtalk-go's {@code x/quic}: each
 * channel is a bidirectional stream whose opener first writes {@code '!'} (so the peer sees the
 * stream at once) and whose acceptor discards that byte; closing sends application error 42.
 */
final class QuicSession implements Session {
  private static final System.Logger LOG = QuicStream.LOG;
  static final AttributeKey<QuicSession> SESSION = AttributeKey.valueOf("dev.qtalk.quic.session");
  private static final AttributeKey<QuicStream> STREAM = AttributeKey.valueOf("dev.qtalk.quic.stream");
  private static final byte[] CLOSE_REASON = "close connection".getBytes(StandardCharsets.US_ASCII);
  /** How long a closing session lets what its channels already wrote reach the peer, per phase. */
  static final Duration CLOSE_LINGER = Duration.ofSeconds(1);
  private static final long LINGER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** What a session needs back from whoever owns its UDP socket. */
  interface Owner {
    /**
     * The session ended; release what it used. Runs on the event loop. Returns what completes once
     * that is done, or null when there is nothing to wait for.
     */
    io.netty.util.concurrent.Future<?> sessionEnded(QuicSession session);
  }

  /**
   * How long an {@link #open} spins for the event loop's answer before it parks. The answer takes
   * the loop a few microseconds once it runs the task; a virtual thread parked for it is woken
   * through the virtual-thread scheduler, which here cost about 65 us of a 250 us rpc call.
   */
  static final long OPEN_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  /** An open spins only while the session has at most this many streams (see {@link #awaitBriefly}). */
  static final int SPIN_MAX_STREAMS = 4;
  private final QuicChannel qc;
  private final Owner owner;
  private final String name;
  private final int window;
  private final int writeBuffer;
  private final int backlog;
  private final Duration openTimeout;
  private final Duration acceptTimeout;
  private final long idleNanos;
  private final Set<QuicStream> streams = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final SessionCounters counters = new SessionCounters();
  /** Whether an {@link #open} is spinning: one at a time, so concurrent openers do not burn cores. */
  private final java.util.concurrent.atomic.AtomicBoolean spinning = new java.util.concurrent.atomic.AtomicBoolean();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<QuicStream> acceptQueue = new ArrayDeque<>();
  private boolean closing;
  private boolean ended;
  private IOException cause;
  private QuicConnectionCloseEvent peerClose;
  private Throwable failure;

  private QuicSession(QuicChannel qc, Options options, Owner owner, String name) {
    this.qc = qc;
    this.owner = owner;
    this.name = name;
    this.window = options.get(StandardOptions.WINDOW_SIZE);
    // Unset, the write buffer follows the window: a small window should bound the writer too.
    this.writeBuffer = options.isSet(QuicOptions.WRITE_BUFFER)
        ? options.get(QuicOptions.WRITE_BUFFER)
        : Math.min(options.get(QuicOptions.WRITE_BUFFER), Math.max(QuicStream.CHUNK, window));
    this.backlog = options.get(StandardOptions.ACCEPT_BACKLOG);
    this.openTimeout = options.get(StandardOptions.OPEN_TIMEOUT);
    this.acceptTimeout = options.get(StandardOptions.ACCEPT_TIMEOUT);
    this.idleNanos = options.get(StandardOptions.IDLE_TIMEOUT).toNanos();
  }

  /**
   * The handler for a new QUIC connection: it makes the session and attaches it to the connection.
   * {@code onActive} runs once the handshake is done.
   */
  static ChannelHandler connectionInitializer(
      Options options, Owner owner, String role, java.util.function.Consumer<QuicSession> onActive) {
    return new ChannelInitializer<QuicChannel>() {
      @Override
      protected void initChannel(QuicChannel qc) {
        QuicSession s = new QuicSession(qc, options, owner, "quic-" + role + "-" + qc.id().asShortText());
        qc.attr(SESSION).set(s);
        qc.pipeline().addLast(s.new ConnectionHandler(onActive));
      }
    };
  }

  /** The handler for streams the peer opens; shared by every connection. */
  static final ChannelHandler PEER_STREAMS = new ChannelInitializer<QuicStreamChannel>() {
    @Override
    protected void initChannel(QuicStreamChannel sc) {
      QuicSession s = sc.parent().attr(SESSION).get();
      if (s == null || sc.type() != QuicStreamType.BIDIRECTIONAL) {
        sc.close();
        return;
      }
      s.onPeerStream(sc);
    }
  };

  // ---- opening ----

  @Override
  public Channel open() throws IOException {
    return open(openTimeout);
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    long deadline = Waits.callDeadline(timeout);
    while (true) {
      checkOpen("open");
      Promise<QuicStream> p = qc.eventLoop().newPromise();
      qc.eventLoop().execute(() -> tryOpen(p));
      awaitBriefly(p);
      long left = deadline - System.nanoTime();
      if (!QuicStream.await(p, Math.max(left, 0))) {
        p.addListener(f -> {
          if (f.isSuccess() && f.getNow() != null) {
            ((QuicStream) f.getNow()).abort();
          }
        });
        throw new DeadlineExceededException("open: no stream within " + timeout);
      }
      if (!p.isSuccess()) {
        checkOpen("open");
        throw new QtalkException("open: the stream could not be created: " + p.cause(), p.cause());
      }
      QuicStream s = p.getNow();
      if (s != null) {
        counters.opened();
        return s;
      }
      // The peer allows no more streams now: wait for it to raise the limit.
      Waits.lockInterruptibly(lock, "open");
      try {
        left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new DeadlineExceededException("open: the peer allowed no further stream within " + timeout);
        }
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("open: interrupted");
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Spins up to {@link #OPEN_SPIN_NANOS} for {@code f} while the session is nearly idle (at most
   * {@link #SPIN_MAX_STREAMS} streams), where a core is likely free; one open at a time. Under
   * load an open parks at once: spinning there takes a core from the event loops.
   */
  private void awaitBriefly(io.netty.util.concurrent.Future<?> f) {
    if (f.isDone() || streams.size() > SPIN_MAX_STREAMS
        || !spinning.compareAndSet(false, true)) {
      return;
    }
    try {
      long until = System.nanoTime() + OPEN_SPIN_NANOS;
      while (!f.isDone() && System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
    } finally {
      spinning.set(false);
    }
  }

  /** On the event loop: create a stream if the peer allows one, and send the '!' marker. */
  private void tryOpen(Promise<QuicStream> p) {
    if (!qc.isActive()) {
      p.tryFailure(new SessionClosedException("session " + name + " has ended"));
      return;
    }
    if (qc.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) <= 0) {
      p.trySuccess(null);
      return;
    }
    qc.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
      @Override
      protected void initChannel(QuicStreamChannel sc) {
        QuicStream s = new QuicStream(QuicSession.this, sc, false, window, writeBuffer);
        s.probe = ChannelEvents.opened(name, s.id(), true);
        sc.attr(STREAM).set(s);
        streams.add(s);
        s.start();
      }
    }).addListener(f -> {
      if (!f.isSuccess()) {
        p.tryFailure(f.cause());
        return;
      }
      QuicStreamChannel sc = (QuicStreamChannel) f.getNow();
      // The opener goes on first: the marker's system call need not delay it, and it still
      // leads the stream, since the opener's writes reach the stream through later loop tasks.
      boolean taken = p.trySuccess(sc.attr(STREAM).get());
      sc.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'!'}));
      if (!taken) {
        sc.attr(STREAM).get().abort();
      }
    });
  }

  // ---- accepting ----

  private void onPeerStream(QuicStreamChannel sc) {
    QuicStream s = new QuicStream(this, sc, true, window, writeBuffer);
    s.probe = ChannelEvents.opened(name, s.id(), false);
    streams.add(s);
    s.start();
    // Armed before the stream is queued, so accept() always finds the timer to cancel.
    s.acceptExpiry(sc.eventLoop().schedule(() -> expire(s), acceptTimeout.toNanos(), TimeUnit.NANOSECONDS));
    boolean refuse;
    lock.lock();
    try {
      refuse = closing || ended || acceptQueue.size() >= backlog;
      if (!refuse) {
        acceptQueue.addLast(s);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (refuse) {
      counters.refused();
      LOG.log(Level.DEBUG, () -> name + ": refused stream " + s.id() + " (accept backlog full or closing)");
      s.acceptExpiry(null);
      s.abort();
    }
  }

  private void expire(QuicStream s) {
    boolean expired;
    lock.lock();
    try {
      expired = acceptQueue.remove(s);
    } finally {
      lock.unlock();
    }
    if (expired) {
      counters.refused();
      LOG.log(Level.DEBUG, () -> name + ": stream " + s.id() + " not accepted within " + acceptTimeout + ", reset");
      s.abort();
    }
  }

  @Override
  public Channel accept() throws IOException {
    return acceptBy(Waits.NO_DEADLINE);
  }

  @Override
  public Channel accept(Duration timeout) throws IOException {
    return acceptBy(Waits.callDeadline(timeout));
  }

  private Channel acceptBy(long deadline) throws IOException {
    Waits.lockInterruptibly(lock, "accept");
    try {
      while (acceptQueue.isEmpty()) {
        if (closing || ended) {
          throw endedException("accept");
        }
        Waits.await(changed, deadline, "accept");
      }
      QuicStream s = acceptQueue.pollFirst();
      s.acceptExpiry(null); // cancels the timer, which would otherwise hold the stream until it fires
      counters.accepted();
      return s;
    } finally {
      lock.unlock();
    }
  }

  // ---- lifecycle ----

  @Override
  public SocketAddress localAddress() {
    return qc.localSocketAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return qc.remoteSocketAddress();
  }
  @Override
  public Optional<PeerIdentity> peerIdentity() {
    javax.net.ssl.SSLEngine engine = qc.sslEngine();
    return engine == null ? Optional.empty() : PeerIdentity.of(engine.getSession());
  }


  /** Counts the streams' payload bytes (QUIC's framing and encryption are not visible here). */
  @Override
  public Optional<SessionStats> stats() {
    return Optional.of(counters);
  }

  SessionCounters counters() {
    return counters;
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return !closing && !ended;
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
      return Optional.ofNullable(cause);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends this side at once (blocked calls fail, {@link #isOpen()} is false), but sends the
   * CONNECTION_CLOSE only once what the channels already wrote has been acknowledged, or after
   * {@link #CLOSE_LINGER}: quiche sends a close only when its congestion window has room, and
   * Netty frees the connection right after asking for one, so a close while data fills the
   * window would never reach the peer, whose session (without an idle timeout) would never end.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closing || ended) {
        return;
      }
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    SessionClosedException why = new SessionClosedException("session " + name + " is closed");
    for (QuicStream s : streams) {
      s.onSessionEnd(why);
    }
    // On the event loop, behind every write the application already handed to Netty.
    qc.eventLoop().execute(() -> linger(System.nanoTime() + CLOSE_LINGER.toNanos(), false));
  }

  /**
   * On the event loop: closes the connection once nothing is in flight. If the linger runs out
   * (a peer that acknowledges slowly while data keeps flowing), the streams' unsent data is
   * dropped with RESET_STREAM so the window drains, and the close waits one more linger at most.
   */
  private void linger(long deadline, boolean outputReset) {
    if (!qc.isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (!inFlight()) {
      qc.close(true, QuicStream.CLOSE_CODE, Unpooled.wrappedBuffer(CLOSE_REASON));
    } else if (now - deadline < 0) {
      qc.eventLoop().schedule(() -> linger(deadline, outputReset), LINGER_POLL_NANOS, TimeUnit.NANOSECONDS);
    } else if (!outputReset) {
      LOG.log(Level.DEBUG, () -> name + ": data still in flight " + CLOSE_LINGER + " after close(); resetting the streams");
      for (QuicStream s : streams) {
        s.resetOutput();
      }
      linger(now + CLOSE_LINGER.toNanos(), true);
    } else {
      qc.close(true, QuicStream.CLOSE_CODE, Unpooled.wrappedBuffer(CLOSE_REASON));
    }
  }

  /**
   * Whether quiche still waits for acknowledgements: it arms a timer while anything is in flight.
   * With an idle timeout the idle timer is always armed, but one further away than half that
   * timeout is the idle timer, not a loss-detection timer. Unknown counts as nothing in flight.
   */
  private boolean inFlight() {
    Long timer = QuicheProbe.timerNanos(qc);
    if (timer == null || timer < 0) {
      return false;
    }
    return idleNanos == 0 || timer < idleNanos / 2;
  }

  void streamEnded(QuicStream s) {
    streams.remove(s);
  }

  private void checkOpen(String what) throws SessionClosedException {
    lock.lock();
    try {
      if (closing || ended) {
        throw endedException(what);
      }
    } finally {
      lock.unlock();
    }
  }

  private SessionClosedException endedException(String what) {
    if (cause != null) {
      return new SessionClosedException(what + ": session " + name + " ended: " + cause.getMessage(), cause);
    }
    return new SessionClosedException(what + ": session " + name + " is closed");
  }

  /** On the event loop, once the connection has closed. */
  private void onConnectionClosed() {
    IOException why;
    lock.lock();
    try {
      if (ended) {
        return;
      }
      ended = true;
      if (!closing) {
        cause = describeEnd();
      }
      why = cause != null ? cause : new SessionClosedException("session " + name + " is closed");
      acceptQueue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    LOG.log(Level.DEBUG, () -> name + ": ended" + (cause == null ? "" : ": " + cause.getMessage()));
    for (QuicStream s : streams) {
      s.onSessionEnd(why);
    }
    io.netty.util.concurrent.Future<?> released = owner.sessionEnded(this);
    if (released == null) {
      closeFuture.complete(null);
    } else {
      released.addListener(f -> closeFuture.complete(null));
    }
  }

  /** Why a connection this side did not close ended; null for the peer's orderly close. */
  private IOException describeEnd() {
    if (qc.isTimedOut()) {
      return new SessionClosedException("session " + name + ": idle timeout, the peer went silent");
    }
    if (peerClose != null) {
      // qtalk-go closes with application error 42; other stacks close with NO_ERROR (0).
      if (peerClose.error() == 0 || peerClose.isApplicationClose() && peerClose.error() == QuicStream.CLOSE_CODE) {
        return null;
      }
      return new SessionClosedException("session " + name + ": the peer closed the connection with "
          + (peerClose.isApplicationClose() ? "application" : "transport") + " error " + peerClose.error()
          + (peerClose.isTlsError() ? " (TLS alert " + QuicConnectionCloseEvent.extractTlsError(peerClose.error()) + ")" : "")
          + ": " + new String(peerClose.reason(), StandardCharsets.UTF_8));
    }
    if (failure != null) {
      return new SessionClosedException("session " + name + " failed: " + failure, failure);
    }
    return new SessionClosedException("session " + name + ": the connection ended");
  }

  @Override
  public String toString() {
    return name;
  }

  /** Netty's side of the connection. */
  private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final java.util.function.Consumer<QuicSession> onActive;

    ConnectionHandler(java.util.function.Consumer<QuicSession> onActive) {
      this.onActive = onActive;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      onActive.accept(QuicSession.this);
      ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof QuicConnectionCloseEvent e) {
        lock.lock();
        try {
          peerClose = e;
        } finally {
          lock.unlock();
        }
      } else if (evt instanceof QuicStreamLimitChangedEvent) {
        lock.lock();
        try {
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
      io.netty.util.ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
      LOG.log(Level.DEBUG, () -> name + ": " + t);
      lock.lock();
      try {
        if (failure == null) {
          failure = t;
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onConnectionClosed();
    }
  }
}
