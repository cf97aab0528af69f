package dev.qtalk.ssh.internal;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionStats;
import dev.qtalk.StandardOptions;
import dev.qtalk.spi.SessionCounters;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.ConnectionService;

/**
 * A qtalk {@link Session} that is one SSH connection, on the client or the server side. Each
 * {@link Channel} is one SSH channel of type {@value QtalkChannelFactory#TYPE}, which either side
 * may open.
 *
 * <p>Channels the peer opens are confirmed on arrival and wait in a queue bounded by {@link
 * StandardOptions#ACCEPT_BACKLOG}; when it is full, further opens are refused.
 */
public final class SshSession implements Session {
  static final System.Logger LOG = System.getLogger("dev.qtalk.ssh");

  /** Finds the qtalk session of a MINA session (set before any channel can be opened). */
  static final AttributeKey<SshSession> KEY = new AttributeKey<>();

  private static final AtomicLong SESSIONS = new AtomicLong();

  private final org.apache.sshd.common.session.Session mina;
  private final String name;
  private final int acceptBacklog;
  private final int maxChannels;
  private final Duration openTimeout;
  private final Duration acceptTimeout;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<SshChannel> pending = new ArrayDeque<>();
  private int reserved;
  private int live; // channels counted against maxChannels, until MINA has closed them
  private boolean ended;

  private final AtomicBoolean closedByApp = new AtomicBoolean();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final SessionCounters counters = new SessionCounters();
  private volatile IOException cause;

  private SshSession(org.apache.sshd.common.session.Session mina, Options options, String side) {
    this.mina = mina;
    this.name = "ssh-" + side + "-" + SESSIONS.incrementAndGet();
    this.acceptBacklog = options.get(StandardOptions.ACCEPT_BACKLOG);
    this.openTimeout = options.get(StandardOptions.OPEN_TIMEOUT);
    this.acceptTimeout = options.get(StandardOptions.ACCEPT_TIMEOUT);
    this.maxChannels =
        options.isSet(StandardOptions.MAX_CHANNELS)
            ? options.get(StandardOptions.MAX_CHANNELS)
            : dev.qtalk.ssh.SshOptions.DEFAULT_MAX_CHANNELS;
  }

  /**
   * Makes the qtalk session of {@code mina} and ties their lifetimes: when the connection ends,
   * {@code release} runs (stopping a client's threads, say) and then {@link #closeFuture()}
   * completes.
   */
  static SshSession attach(
      org.apache.sshd.common.session.Session mina, Options options, String side, Runnable release) {
    SshSession s = new SshSession(mina, options, side);
    mina.setAttribute(KEY, s);
    mina.addCloseFutureListener(f -> s.onConnectionClosed(release));
    return s;
  }

  String name() {
    return name;
  }

  public org.apache.sshd.common.session.Session mina() {
    return mina;
  }

  // ---- events from MINA ----

  /** Takes a place in the accept queue for a channel the peer is opening; null or why not. */
  String reserveAccept(SshChannel channel) {
    lock.lock();
    try {
      if (ended || closedByApp.get()) {
        return "session " + name + " is closing";
      }
      if (pending.size() + reserved >= acceptBacklog) {
        return "accept backlog full (" + acceptBacklog + " channels waiting)";
      }
      if (live >= maxChannels) {
        return "too many channels (maxChannels " + maxChannels + ")";
      }
      reserved++;
      live++;
      channel.counted = true;
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A confirmed channel the peer opened, ready for {@link #accept()}; closed if the application
   * has not accepted it within {@link StandardOptions#ACCEPT_TIMEOUT}. The timer runs on MINA's
   * scheduler, which stops with the client or server.
   */
  void deliver(SshChannel channel) {
    lock.lock();
    try {
      reserved--;
      pending.add(channel);
      arrived.signal();
    } finally {
      lock.unlock();
    }
    try {
      channel.expiry(
          mina.getFactoryManager()
              .getScheduledExecutorService()
              .schedule(() -> expire(channel), acceptTimeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RuntimeException e) { // the scheduler is shutting down with the connection
      LOG.log(System.Logger.Level.DEBUG, () -> name + ": no accept timer: " + e);
    }
  }

  /** A channel the application did not accept in time is closed. */
  private void expire(SshChannel channel) {
    boolean expired;
    lock.lock();
    try {
      expired = pending.remove(channel);
    } finally {
      lock.unlock();
    }
    if (expired) {
      counters.refused();
      LOG.log(System.Logger.Level.DEBUG, () -> name + ": closing " + channel + ": not accepted in " + acceptTimeout);
      channel.close();
    }
  }

  /** A channel has closed (called once per channel); frees its place if it had one. */
  void channelEnded(SshChannel channel) {
    if (!channel.counted) {
      return; // refused before it was counted
    }
    lock.lock();
    try {
      live--;
    } finally {
      lock.unlock();
    }
  }

  /** Counts a channel this side opens against maxChannels. */
  private void countOutbound(SshChannel channel) throws OpenRefusedException {
    lock.lock();
    try {
      if (live >= maxChannels) {
        throw new OpenRefusedException(
            "open: " + live + " channels already open on " + name + " (expected: at most maxChannels "
                + maxChannels + ")");
      }
      live++;
      channel.counted = true;
    } finally {
      lock.unlock();
    }
  }

  /** MINA reported an error on this connection: remember it as the reason it ends. */
  void onException(Throwable t) {
    if (cause == null && !closedByApp.get()) {
      cause = t instanceof IOException io ? io : new QtalkException("ssh: " + t, t);
    }
  }

  private void onConnectionClosed(Runnable release) {
    // MINA ends a connection that was silent past its idle timeout (which keepalive shortens on
    // the server side) without an exception: that is a failure of the path, not an orderly end.
    org.apache.sshd.common.session.helpers.TimeoutIndicator timeout = mina.getTimeoutStatus();
    if (timeout != null
        && timeout.getStatus() != org.apache.sshd.common.session.helpers.TimeoutIndicator.TimeoutStatus.NoTimeout) {
      onException(
          new SessionClosedException(
              "ssh: " + name + " ended by " + timeout.getStatus() + " after " + timeout.getExpiredValue()
                  + ": the peer went silent"));
    }
    lock.lock();
    try {
      ended = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    for (SshChannel c : drainPending()) {
      c.close();
    }
    Thread.ofVirtual()
        .name(name + "-release")
        .start(
            () -> {
              try {
                release.run();
              } finally {
                closeFuture.complete(null);
              }
            });
  }

  private java.util.List<SshChannel> drainPending() {
    lock.lock();
    try {
      java.util.List<SshChannel> left = java.util.List.copyOf(pending);
      pending.clear();
      return left;
    } finally {
      lock.unlock();
    }
  }

  // ---- application side ----

  @Override
  public Channel open() throws IOException {
    return open(openTimeout);
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    if (!isOpen()) {
      throw closedException("open");
    }
    OutboundMinaChannel channel = new OutboundMinaChannel(this);
    countOutbound(channel.qtalk());
    OpenFuture f;
    try {
      mina.getService(ConnectionService.class).registerChannel(channel);
      channel.qtalk().observe(true);
      f = channel.open();
    } catch (IOException | RuntimeException e) {
      channel.close(true);
      channel.qtalk().ended();
      if (!isOpen()) {
        throw closedException("open");
      }
      throw new QtalkException("open: could not open an SSH channel on " + name + ": " + e.getMessage(), e);
    }
    // Wait on a CompletableFuture, not in MINA's future (Object.wait pins a virtual thread's
    // carrier on Java 21).
    CompletableFuture<Void> answered = new CompletableFuture<>();
    f.addListener(done -> answered.complete(null));
    try {
      answered.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      channel.close(false);
      channel.qtalk().ended();
      throw Waits.interrupted("open");
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel();
      channel.close(false); // a late confirmation then meets our CLOSE
      channel.qtalk().ended();
      throw new DeadlineExceededException("open: the peer did not accept in " + timeout);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e); // never: the future is completed normally
    }
    if (f.isOpened()) {
      counters.opened();
      return channel.qtalk();
    }
    channel.qtalk().ended(); // MINA does not always report a refused channel as closed
    Throwable e = f.getException();
    if (e instanceof SshChannelOpenException refused) {
      OpenRefusedException r =
          new OpenRefusedException(
              "open: channel refused by the peer ("
                  + reason(refused.getReasonCode())
                  + ": "
                  + refused.getMessage()
                  + ")");
      r.initCause(refused);
      throw r;
    }
    if (!isOpen()) {
      throw closedException("open");
    }
    throw new QtalkException("open: failed on " + name, e);
  }

  private static String reason(int code) {
    return switch (code) {
      case SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED -> "administratively prohibited";
      case SshConstants.SSH_OPEN_CONNECT_FAILED -> "connect failed";
      case SshConstants.SSH_OPEN_UNKNOWN_CHANNEL_TYPE -> "unknown channel type";
      case SshConstants.SSH_OPEN_RESOURCE_SHORTAGE -> "resource shortage";
      default -> "reason " + code;
    };
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
      while (pending.isEmpty()) {
        if (ended || closedByApp.get()) {
          throw closedException("accept");
        }
        Waits.await(arrived, deadline, "accept");
      }
      SshChannel c = pending.removeFirst();
      c.cancelExpiry();
      counters.accepted();
      return c;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SocketAddress localAddress() {
    return mina.getIoSession().getLocalAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return mina.getIoSession().getRemoteAddress();
  }

  /** A server sees the user and the key it authenticated with; a client, the server's host key. */
  @Override
  public java.util.Optional<dev.qtalk.PeerIdentity> peerIdentity() {
    if (mina instanceof org.apache.sshd.server.session.ServerSession server) {
      String user = server.getUsername();
      java.security.PublicKey key = server.getAttribute(SshSecurity.AUTHENTICATED_KEY);
      return user == null && key == null
          ? java.util.Optional.empty()
          : java.util.Optional.of(dev.qtalk.PeerIdentity.ofSsh(user, key));
    }
    if (mina instanceof org.apache.sshd.client.session.ClientSession client && client.getServerKey() != null) {
      return java.util.Optional.of(dev.qtalk.PeerIdentity.ofSsh(null, client.getServerKey()));
    }
    return java.util.Optional.empty();
  }

  /** Counts the channels' payload bytes (SSH's packets and encryption are not visible here). */
  @Override
  public Optional<SessionStats> stats() {
    return Optional.of(counters);
  }

  SessionCounters counters() {
    return counters;
  }

  @Override
  public boolean isOpen() {
    return !closedByApp.get() && mina.isOpen();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public Optional<IOException> closeCause() {
    return isOpen() ? Optional.empty() : Optional.ofNullable(cause);
  }

  SessionClosedException closedException(String what) {
    IOException why = cause;
    String message = what + ": session " + name + " is closed";
    return why == null ? new SessionClosedException(message) : new SessionClosedException(message, why);
  }

  /** Sends SSH_MSG_DISCONNECT and closes the connection; the peer sees its session end. */
  @Override
  public void close() {
    if (!closedByApp.compareAndSet(false, true)) {
      return;
    }
    lock.lock();
    try {
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      mina.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "qtalk session closed");
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> name + ": disconnect failed: " + e);
      mina.close(true);
    }
  }

  @Override
  public String toString() {
    return "SshSession[" + name + " " + remoteAddress() + "]";
  }
}
