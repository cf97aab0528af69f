package dev.qtalk.ssh.internal;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Session;
import dev.qtalk.spi.ChannelEvents;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A qtalk {@link Channel} that is one SSH channel. Data goes through MINA's own windows:
 *
 * <ul>
 *   <li>receiving, MINA checks each DATA against our local window before {@link #onData} copies it
 *       (a peer that overruns it ends the connection); the window is given back with {@code
 *       LocalWindow.release} only as the application reads, so unread data is bounded by it;
 *   <li>sending, a write waits for the peer's window, splits at the peer's packet size, and keeps
 *       at most {@link #MAX_IN_FLIGHT} bytes queued in the session's writer, so a slow socket
 *       blocks the writer instead of filling memory.
 * </ul>
 *
 * <p>Locking: {@link #lock} guards the receive buffer and state and is never held across I/O;
 * {@link #writeSerial} keeps one write whole and orders EOF after it.
 */
final class SshChannel implements Channel {
  /** Bytes of DATA handed to MINA's writer and not yet on the socket, per channel. */
  static final int MAX_IN_FLIGHT = 512 * 1024;

  private final SshSession session;
  private final MinaEnd end;
  private final AbstractChannel mina;

  private final ReentrantLock lock = new ReentrantLock();
  /** Readers wait here: data, EOF, close. */
  private final Condition changed = lock.newCondition();
  /** Writers wait here: window granted, queued bytes written, close. */
  private final Condition writable = lock.newCondition();
  private final ReentrantLock writeSerial = new ReentrantLock();

  // guarded by lock
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long buffered;
  private long inFlight;
  private boolean eofReceived;
  private boolean minaClosed;
  private boolean writeShut;
  private boolean closedByApp;
  private IOException writeFailure;

  private volatile java.util.concurrent.Future<?> expiry;

  /** Whether this channel holds a place under maxChannels (set under the session's lock). */
  volatile boolean counted;

  /** This channel's JFR record while a recording wants channel events (see {@link #observe}). */
  private volatile ChannelEvents.Probe probe;

  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;

  SshChannel(SshSession session, MinaEnd end) {
    this.session = session;
    this.end = end;
    this.mina = end.mina();
    mina.addChannelListener(
        new ChannelListener() {
          @Override
          public void channelClosed(org.apache.sshd.common.channel.Channel channel, Throwable reason) {
            ended();
          }
        });
  }

  @Override
  public long id() {
    return mina.getChannelId();
  }

  @Override
  public Session session() {
    return session;
  }

  /** Starts this channel's JFR events, once MINA has given it its id: {@code local} if this side opened it. */
  void observe(boolean local) {
    probe = ChannelEvents.opened(session.name(), id(), local);
  }

  void expiry(java.util.concurrent.Future<?> timer) {
    this.expiry = timer;
  }

  void cancelExpiry() {
    java.util.concurrent.Future<?> timer = expiry;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  // ---- events from MINA's I/O threads ----

  /** DATA that MINA has already counted against our local window. */
  void onData(byte[] data, int off, int len) {
    if (len == 0) {
      return;
    }
    session.counters().received(len);
    ChannelEvents.Probe p = probe;
    if (p != null) {
      p.received(len);
    }
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    lock.lock();
    try {
      if (closedByApp) {
        session.counters().dropped();
        return; // nobody will read it; the channel is closing
      }
      chunks.add(copy);
      buffered += len;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** qtalk channels carry no extended data: give the window back and drop it. */
  void onExtendedData(long len) throws IOException {
    SshSession.LOG.log(System.Logger.Level.DEBUG, () -> this + ": dropped " + len + " bytes of extended data");
    mina.getLocalWindow().release(len);
  }

  void onEof() {
    lock.lock();
    try {
      eofReceived = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The MINA channel has closed (or never opened). Idempotent. */
  void ended() {
    lock.lock();
    try {
      if (minaClosed) {
        return;
      }
      minaClosed = true;
      changed.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    ChannelEvents.Probe p = probe;
    if (p != null) {
      p.closed(session.isOpen() ? null : session.closeCause().orElse(null));
    }
    session.channelEnded(this);
  }

  // ---- application side ----

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst, "dst");
    if (!dst.hasRemaining()) {
      return 0;
    }
    int n = 0;
    Waits.lockInterruptibly(lock, "channel");
    try {
      long deadline = Waits.deadline(readTimeout);
      while (buffered == 0) {
        if (closedByApp) {
          throw new ChannelClosedException("read: channel " + id() + " is closed");
        }
        if (eofReceived) {
          return -1;
        }
        if (minaClosed) {
          if (!session.isOpen()) {
            throw session.closedException("read");
          }
          return -1; // the peer closed the channel: end of stream
        }
        Waits.await(changed, deadline, "read");
      }
      while (dst.hasRemaining() && !chunks.isEmpty()) {
        byte[] head = chunks.peekFirst();
        int take = Math.min(dst.remaining(), head.length - headOffset);
        dst.put(head, headOffset, take);
        headOffset += take;
        n += take;
        if (headOffset == head.length) {
          chunks.removeFirst();
          headOffset = 0;
        }
      }
      buffered -= n;
    } finally {
      lock.unlock();
    }
    release(n);
    return n;
  }

  /** Gives consumed bytes back to the peer; MINA sends WINDOW_ADJUST once enough have gathered. */
  private void release(int n) throws IOException {
    if (minaClosed()) {
      return;
    }
    try {
      mina.getLocalWindow().release(n);
    } catch (IOException e) {
      if (!minaClosed()) {
        throw new ChannelClosedException("read: could not return window on channel " + id(), e);
      }
    }
  }

  private boolean minaClosed() {
    lock.lock();
    try {
      return minaClosed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src, "src");
    int total = src.remaining();
    Waits.lockInterruptibly(writeSerial, "write");
    try {
      checkWritable();
      long deadline = Waits.deadline(writeTimeout);
      RemoteWindow window = mina.getRemoteWindow();
      while (src.hasRemaining()) {
        long space = waitForSpace(window, deadline);
        int n = (int) Math.min(Math.min(src.remaining(), space), window.getPacketSize());
        awaitInFlightBelow(MAX_IN_FLIGHT - n, deadline);
        checkWritable();
        window.consume(n);
        Buffer packet = mina.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_DATA, n + 8);
        packet.putUInt(mina.getRecipient());
        packet.putUInt(n);
        if (src.hasArray()) {
          packet.putRawBytes(src.array(), src.arrayOffset() + src.position(), n);
          src.position(src.position() + n);
        } else {
          byte[] copy = new byte[n];
          src.get(copy);
          packet.putRawBytes(copy);
        }
        send(packet, n);
      }
      return total;
    } finally {
      writeSerial.unlock();
    }
  }

  /**
   * Waits until the peer's window has room. Waits on our own condition, signalled by {@link
   * #onWindowAdjust()}, rather than in MINA's {@code RemoteWindow.waitForSpace}: that one waits in
   * {@code Object.wait}, which pins a virtual thread's carrier on Java 21.
   */
  private long waitForSpace(RemoteWindow window, long deadline) throws IOException {
    Waits.lockInterruptibly(lock, "channel");
    try {
      while (true) {
        if (writeFailure != null || closedByApp || writeShut || minaClosed) {
          break;
        }
        long size = window.getSize();
        if (size > 0) {
          return size;
        }
        Waits.await(writable, deadline, "write");
      }
    } finally {
      lock.unlock();
    }
    checkWritable();
    throw closedForWriting(null);
  }

  /** The peer granted more window (MINA has already counted it). */
  void onWindowAdjust() {
    lock.lock();
    try {
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void send(Buffer packet, int n) throws IOException {
    lock.lock();
    try {
      inFlight += n;
    } finally {
      lock.unlock();
    }
    IoWriteFuture f;
    try {
      f = mina.writePacket(packet);
    } catch (IOException | RuntimeException e) {
      sent(n, null);
      throw closedForWriting(e);
    }
    f.addListener(done -> sent(n, done.isWritten() ? null : done.getException()));
  }

  private void sent(int n, Throwable failure) {
    if (failure == null) {
      session.counters().sent(n);
      ChannelEvents.Probe p = probe;
      if (p != null) {
        p.sent(n);
      }
    }
    lock.lock();
    try {
      inFlight -= n;
      if (failure != null && writeFailure == null) {
        writeFailure = new ChannelClosedException("write: channel " + id() + " failed", failure);
      }
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitInFlightBelow(long limit, long deadline) throws IOException {
    Waits.lockInterruptibly(lock, "channel");
    try {
      while (inFlight > limit && writeFailure == null && !minaClosed) {
        Waits.await(writable, deadline, "write");
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkWritable() throws IOException {
    lock.lock();
    try {
      if (writeFailure != null) {
        throw writeFailure;
      }
      if (closedByApp) {
        throw new ChannelClosedException("write: channel " + id() + " is closed");
      }
      if (writeShut) {
        throw new ChannelClosedException("write: channel " + id() + " is half-closed for writing");
      }
      if (minaClosed) {
        throw closedForWriting(null);
      }
    } finally {
      lock.unlock();
    }
  }

  private IOException closedForWriting(Throwable cause) {
    if (!session.isOpen()) {
      return session.closedException("write");
    }
    lock.lock();
    try {
      if (closedByApp) {
        return new ChannelClosedException("write: channel " + id() + " is closed", cause);
      }
    } finally {
      lock.unlock();
    }
    return new ChannelClosedException("write: channel " + id() + " was closed by the peer", cause);
  }

  @Override
  public void closeWrite() throws IOException {
    Waits.lockInterruptibly(writeSerial, "closeWrite"); // EOF goes after every write already under way
    try {
      lock.lock();
      try {
        if (writeShut || closedByApp || minaClosed) {
          if (!session.isOpen()) {
            throw session.closedException("closeWrite");
          }
          return; // idempotent
        }
        writeShut = true;
      } finally {
        lock.unlock();
      }
      end.sendEndOfFile();
    } finally {
      writeSerial.unlock();
    }
  }

  /** Closes in order: data already written goes first, then SSH_MSG_CHANNEL_CLOSE. Never blocks. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closedByApp) {
        return;
      }
      closedByApp = true;
      chunks.clear();
      headOffset = 0;
      buffered = 0;
      changed.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    mina.close(false);
  }

  /** SSH cannot reset a channel: this closes it and drops unread data. */
  @Override
  public void abort() {
    close();
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return !closedByApp && !minaClosed;
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
    return "SshChannel[" + session.name() + " ch=" + id() + "]";
  }

  // ---- helpers ----


}
