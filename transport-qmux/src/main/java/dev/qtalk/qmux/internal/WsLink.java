package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.BinaryFrame;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.Handshakedata;

/**
 * One WebSocket connection over a blocking socket, driven by virtual threads of its own, at either
 * end of qmux+ws ({@link WsAcceptor}, {@link WsDialer}). Java-WebSocket's engine ({@link
 * WebSocketImpl}) runs the protocol: the handshake, control frames, the close handshake. A reader
 * thread feeds it what the socket brings; the frames it makes itself wait in its queue for a writer
 * thread. Data frames skip that queue: {@link #sendBinary} builds the frame and writes it from the
 * calling thread (the session's writer), under the lock the writer thread takes too, so frames
 * never interleave and a session that writes faster than the peer reads waits on the socket, as
 * over TCP, instead of filling a queue.
 */
final class WsLink {
  /** How long a closing connection waits for the peer's close frame before the socket is closed. */
  static final long CLOSE_GRACE_MILLIS = 5_000;
  /** Engine frames (pongs, as a rule) queued behind a socket that does not drain: then the peer is cut off. */
  static final int MAX_QUEUED_FRAMES = 1024;
  /**
   * What the reader reads into while the link is quiet. A read that fills it means frames are
   * streaming in: the reader then reads into a pooled 64 KiB array ({@link
   * BufferPool#LARGE_PAYLOADS}) until a read brings less than this again, as the keepalive's
   * pings do. So an idle link holds 1 KiB, not 64.
   */
  static final int QUIET_READ = 1024;

  final String name;
  final Socket socket;
  final WebSocketImpl engine;
  final WsConnection connection;

  private final OutputStream out;
  private final ReentrantLock writing = new ReentrantLock();
  private final AtomicBoolean socketClosing = new AtomicBoolean();
  private final CountDownLatch socketClosed = new CountDownLatch(1);
  private final CountDownLatch settled = new CountDownLatch(1);
  private final Consumer<WsLink> onOpen;
  private final Runnable onSocketClosed;
  private final AtomicInteger pings = new AtomicInteger();
  private volatile long lastRead = System.nanoTime();
  private volatile boolean largeReadBuffer;
  private volatile Thread writer;
  private volatile String closeReason;
  private volatile Exception error;

  /**
   * @param drafts one draft for a client; the drafts a server offers
   * @param onOpen runs when the handshake is done, on the link's reader thread
   * @param onSocketClosed runs once, when the socket is closed
   */
  WsLink(String name, Socket socket, List<Draft> drafts, boolean client, Consumer<WsLink> onOpen, Runnable onSocketClosed)
      throws IOException {
    this.name = name;
    this.socket = socket;
    this.onOpen = onOpen;
    this.onSocketClosed = onSocketClosed;
    this.out = socket.getOutputStream();
    this.engine = client ? new WebSocketImpl(EVENTS, drafts.get(0)) : new WebSocketImpl(EVENTS, drafts);
    this.engine.setAttachment(this);
    this.connection = new WsConnection(this);
  }

  /** Starts the thread that writes the engine's own frames. */
  void startWriter() {
    writer = Thread.ofVirtual().name(name + "-writer").start(this::writeLoop);
  }

  /**
   * Feeds the engine from the socket until it ends (runs on the caller, the link's reader). An
   * exception out of the engine fails the connection's stream, so the session ends and says why
   * instead of waiting on a stream that no frame will reach.
   */
  void readLoop(InputStream in) throws IOException {
    byte[] quiet = new byte[QUIET_READ];
    byte[] buf = quiet;
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        lastRead = System.nanoTime();
        try {
          engine.decode(ByteBuffer.wrap(buf, 0, n)); // the engine keeps no reference to buf
        } catch (RuntimeException e) {
          IOException failure = new IOException("the WebSocket engine failed: " + e, e);
          connection.onError(failure);
          throw failure;
        }
        if (buf == quiet && n == quiet.length) {
          buf = BufferPool.LARGE_PAYLOADS.take();
          largeReadBuffer = true;
        } else if (buf != quiet && n < QUIET_READ) {
          largeReadBuffer = false;
          BufferPool.LARGE_PAYLOADS.give(buf);
          buf = quiet;
        }
      }
      engine.eot();
    } finally {
      if (buf != quiet) {
        largeReadBuffer = false;
        BufferPool.LARGE_PAYLOADS.give(buf);
      }
    }
  }

  /** Whether the reader holds a pooled 64 KiB array now (for tests). */
  boolean holdsLargeReadBuffer() {
    return largeReadBuffer;
  }

  /** The reader failed: the engine reports the connection's end (1006), and the socket closes. */
  void readFailed(IOException e) {
    QmuxSession.LOG.log(Level.DEBUG, () -> name + ": " + socket.getRemoteSocketAddress() + ": " + e);
    engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.toString());
  }

  private void writeLoop() {
    try {
      while (true) {
        ByteBuffer b = engine.outQueue.take();
        writing.lock();
        try {
          out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } finally {
          writing.unlock();
        }
        WsDraft.release(b);
        if (engine.isFlushAndClose() && engine.outQueue.isEmpty()) {
          engine.closeConnection();
          return;
        }
      }
    } catch (InterruptedException e) {
      // the connection closed
    } catch (IOException e) {
      engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.toString());
    } finally {
      closeSocket();
    }
  }

  /**
   * Sends one binary frame whose payload is the remaining bytes of {@code pieces}, in order, from
   * the calling thread; the pieces' positions do not move.
   */
  void sendBinary(ByteBuffer... pieces) throws IOException {
    ByteBuffer wire = engine.getDraft() instanceof WsDraft draft ? draft.binaryFrame(pieces) : libraryFrame(pieces);
    try {
      writing.lock();
      try {
        if (!engine.isOpen()) {
          throw new IOException("the WebSocket connection is closed");
        }
        out.write(wire.array(), wire.arrayOffset() + wire.position(), wire.remaining());
      } finally {
        writing.unlock();
      }
    } catch (IOException e) {
      if (engine.isOpen()) {
        engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.toString());
      }
      throw e;
    } finally {
      WsDraft.release(wire);
    }
  }

  /** The frame as a draft other than {@link WsDraft} builds it, from the pieces joined. */
  private ByteBuffer libraryFrame(ByteBuffer... pieces) {
    int size = 0;
    for (ByteBuffer p : pieces) {
      size += p.remaining();
    }
    ByteBuffer joined = ByteBuffer.allocate(size);
    for (ByteBuffer p : pieces) {
      joined.put(p.duplicate());
    }
    BinaryFrame frame = new BinaryFrame();
    frame.setPayload(joined.flip());
    frame.setFin(true);
    return engine.getDraft().createBinaryFrame(frame);
  }

  /**
   * Pings a peer silent for one interval, and drops it when {@code pongMillis} pass after that
   * without a byte from it (runs on the caller until the socket closes).
   */
  void keepAlive(long pingMillis, long pongMillis) {
    long interval = TimeUnit.MILLISECONDS.toNanos(pingMillis);
    long timeout = TimeUnit.MILLISECONDS.toNanos(pongMillis);
    long tick = Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(interval, timeout)) / 2);
    long pinged = 0; // when the last ping went out, 0 if none since the peer last spoke
    try {
      while (!socketClosed.await(tick, TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        long heard = lastRead;
        if (pinged != 0 && heard - pinged > 0) {
          pinged = 0; // it spoke after the ping
        }
        if (pinged != 0 && now - pinged >= timeout) {
          QmuxSession.LOG.log(Level.DEBUG, () -> name + ": " + socket.getRemoteSocketAddress() + ": no answer to a ping");
          engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, "no answer to a WebSocket ping within " + pongMillis + " ms");
          closeSocket();
          return;
        }
        if (pinged == 0 && now - heard >= interval) {
          engine.sendPing();
          pinged = now;
        }
      }
    } catch (InterruptedException | WebsocketNotConnectedException e) {
      // closing
    }
  }

  /** Waits until the handshake is over or the connection has ended; true if it opened. */
  boolean awaitOpen(long millis) throws InterruptedException {
    return settled.await(millis, TimeUnit.MILLISECONDS) && engine.isOpen();
  }

  /** Why the connection closed, if it did ("code 1006: ..."). */
  String closeReason() {
    return closeReason;
  }

  /** What the engine reported failing, if anything did. */
  Exception error() {
    return error;
  }

  /** Pings the peer sent that were answered. */
  int pingsAnswered() {
    return pings.get();
  }

  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
    if (socketClosing.compareAndSet(false, true)) {
      onSocketClosed.run();
    }
    socketClosed.countDown();
    settled.countDown();
    Thread w = writer;
    if (w != null && w != Thread.currentThread()) {
      w.interrupt();
    }
  }

  /** A peer that never answers our close frame does not keep the socket open. */
  private void closeSoon() {
    if (socketClosed.getCount() == 0) {
      return;
    }
    Thread.ofVirtual().name(name + "-close").start(() -> {
      try {
        if (!socketClosed.await(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
          closeSocket();
        }
      } catch (InterruptedException e) {
        closeSocket();
      }
    });
  }

  private static final Events EVENTS = new Events();

  /** The engine's events, each handed to the link it is about (the engine's attachment). */
  private static final class Events extends WebSocketAdapter {
    static WsLink link(WebSocket conn) {
      return conn.getAttachment();
    }

    @Override
    public void onWebsocketOpen(WebSocket conn, Handshakedata handshake) {
      WsLink link = link(conn);
      link.connection.onOpen();
      link.onOpen.accept(link);
      link.settled.countDown();
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, ByteBuffer message) {
      link(conn).connection.onBinary(message); // may wait: this connection's reader only
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, String message) {
      link(conn).connection.onText();
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
      WsLink link = link(conn);
      if (!conn.isOpen()) {
        return; // cut off or closing: the rest of what was read is not answered
      }
      if (link.engine.outQueue.size() >= MAX_QUEUED_FRAMES) {
        conn.closeConnection(CloseFrame.POLICY_VALIDATION, "pings faster than their answers can be written");
        return;
      }
      link.pings.incrementAndGet();
      super.onWebsocketPing(conn, f);
    }

    @Override
    public void onWebsocketClose(WebSocket conn, int code, String reason, boolean remote) {
      WsLink link = link(conn);
      // NEVER_CONNECTED without a reason is the engine giving up on a silent peer: no reason to tell
      link.closeReason =
          code == CloseFrame.NEVER_CONNECTED && (reason == null || reason.isEmpty())
              ? null
              : "code " + code + (reason == null || reason.isEmpty() ? "" : ": " + reason);
      link.connection.onClose(code, reason, remote);
      link.closeSocket();
    }

    @Override
    public void onWebsocketCloseInitiated(WebSocket conn, int code, String reason) {
      link(conn).closeSoon();
    }

    @Override
    public void onWebsocketClosing(WebSocket conn, int code, String reason, boolean remote) {
      link(conn).closeSoon();
    }

    @Override
    public void onWebsocketError(WebSocket conn, Exception ex) {
      WsLink link = link(conn);
      link.error = ex;
      link.connection.onError(ex);
    }

    @Override
    public void onWriteDemand(WebSocket conn) {
      // the link's writer thread waits on the engine's queue
    }

    @Override
    public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
      return (InetSocketAddress) link(conn).socket.getLocalSocketAddress();
    }

    @Override
    public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
      return (InetSocketAddress) link(conn).socket.getRemoteSocketAddress();
    }
  }
}
