package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.Handshakedata;

/**
 * The server end of qmux over WebSocket: a blocking server socket (TLS for {@code qmux+wss}) and,
 * per connection, a Java-WebSocket engine ({@link WebSocketImpl}) driven by a reader and a writer
 * virtual thread of its own. A connection whose reader waits (its session has not caught up) thus
 * holds up nobody else, and its writes never wait for its reads, as with TCP. (Java-WebSocket's
 * own {@code WebSocketServer} reads and writes every connection from one selector thread, which a
 * waiting reader would stall.)
 *
 * <p>Each connection first sends an HTTP request head ({@link WsHttpRequest}), read here before
 * the engine sees a byte: a request that is not a WebSocket upgrade is answered with a file or an
 * error ({@link WsStaticFiles}); an upgrade for another path than the listener's (unless that is
 * {@code /}) gets 404, and one from a page of a foreign origin gets 403 ({@link WsOrigins}).
 *
 * <p>Handshakes (TLS, the request, the upgrade) run in the background, at most {@link #HANDSHAKES}
 * at once, each within a total deadline however slowly its bytes arrive; at most {@code
 * maxSessions} connections are held at once; open connections wait for {@code accept} in a queue of
 * {@link #BACKLOG} (more are turned away with close code 1013). Silent open connections are pinged
 * and dropped when the ping goes unanswered for the keepalive timeout. Closing the listener frees the port and leaves the
 * sessions it accepted running.
 */
final class WsAcceptor extends WebSocketAdapter implements QmuxListener.Acceptor {
  static final int HANDSHAKES = 64;
  static final int BACKLOG = 256;
  /** How long a closing connection waits for the peer's close frame before the socket is closed. */
  static final long CLOSE_GRACE_MILLIS = 5_000;

  private static final WsConnection CLOSED = new WsConnection(null);

  /** What a listener was asked for. */
  record Settings(
      String path,
      Draft draft,
      long handshakeMillis,
      int maxSessions,
      WsOrigins origins,
      WsStaticFiles files,
      long pingMillis,
      long pongMillis,
      boolean secure) {}

  private final String scheme;
  private final ServerSocket server;
  private final Settings settings;
  private final TcpTransportProvider.SocketAcceptor addresses;
  private final AtomicInteger live = new AtomicInteger();
  private final LinkedBlockingQueue<WsConnection> pending = new LinkedBlockingQueue<>(BACKLOG);
  private final Semaphore handshakes = new Semaphore(HANDSHAKES);
  private final AtomicBoolean closed = new AtomicBoolean();

  WsAcceptor(String scheme, ServerSocket server, Settings settings) {
    this.scheme = scheme;
    this.server = server;
    this.settings = settings;
    this.addresses = new TcpTransportProvider.SocketAcceptor(scheme, server);
    Thread.ofVirtual().name(scheme + "-accept").start(this::acceptLoop);
  }

  /** Bytes received and held for sessions not accepted yet (at most 1 MiB each). */
  long bytesHeldForPending() {
    long n = 0;
    for (WsConnection c : pending) {
      n += c.unreadBytes();
    }
    return n;
  }

  /** One accepted socket: its engine, its qmux connection, and its threads. */
  private final class Peer {
    final Socket socket;
    final WebSocketImpl engine;
    final WsConnection connection;
    final AtomicBoolean handshaking = new AtomicBoolean(true);
    final CountDownLatch handshakeOver = new CountDownLatch(1);
    final AtomicBoolean socketClosing = new AtomicBoolean();
    final CountDownLatch socketClosed = new CountDownLatch(1);
    volatile long lastRead = System.nanoTime();
    volatile Thread writer;

    Peer(Socket socket) {
      this.socket = socket;
      this.engine = new WebSocketImpl(WsAcceptor.this, List.of(settings.draft().copyInstance()));
      this.engine.setAttachment(this);
      this.connection = new WsConnection(engine);
    }

    void run() {
      Thread.ofVirtual().name(scheme + "-deadline").start(this::enforceDeadline);
      try {
        socket.setTcpNoDelay(true);
        if (socket instanceof SSLSocket tls) {
          tls.startHandshake();
          PeerIdentity.of(tls.getSession()).ifPresent(connection::identity);
        }
        InputStream in = socket.getInputStream();
        WsHttpRequest request = WsHttpRequest.read(in);
        if (refused(request)) {
          return;
        }
        writer = Thread.ofVirtual().name(scheme + "-writer").start(this::writeLoop);
        engine.decode(ByteBuffer.wrap(request.raw()));
        readLoop(in);
      } catch (IOException e) {
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + socket.getRemoteSocketAddress() + ": " + e);
        engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.toString());
      } finally {
        handshakeDone();
        closeSocket();
      }
    }

    /** Answers a request that does not become a qmux session; true if it was one. */
    private boolean refused(WsHttpRequest request) throws IOException {
      OutputStream out = socket.getOutputStream();
      if (!request.isUpgrade()) {
        settings.files().serve(request, out);
        return true;
      }
      if (!settings.path().equals("/") && !request.path().equals(settings.path())) {
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": no qmux endpoint at " + request.path());
        WsStaticFiles.error(out, 404, "Not Found", "");
        return true;
      }
      if (!settings.origins().allows(request.header("origin"), request.header("host"), settings.secure())) {
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": refusing a page of origin " + request.header("origin").orElse("?"));
        WsStaticFiles.error(out, 403, "Forbidden", "");
        return true;
      }
      return false;
    }

    /** The whole handshake, however slow its bytes, has a deadline: then the socket closes. */
    private void enforceDeadline() {
      try {
        if (!handshakeOver.await(settings.handshakeMillis(), TimeUnit.MILLISECONDS)) {
          QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + socket.getRemoteSocketAddress()
              + ": no handshake within " + settings.handshakeMillis() + " ms");
          closeSocket();
        }
      } catch (InterruptedException e) {
        closeSocket();
      }
    }

    private void readLoop(InputStream in) throws IOException {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        lastRead = System.nanoTime();
        engine.decode(ByteBuffer.wrap(buf, 0, n));
      }
      engine.eot();
    }

    private void writeLoop() {
      try {
        OutputStream out = socket.getOutputStream();
        while (true) {
          ByteBuffer b = engine.outQueue.take();
          out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
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
     * Pings a peer silent for one interval, and drops it when the keepalive timeout passes after
     * that without a byte from it.
     */
    void keepAlive() {
      long interval = TimeUnit.MILLISECONDS.toNanos(settings.pingMillis());
      long timeout = TimeUnit.MILLISECONDS.toNanos(settings.pongMillis());
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
            QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + socket.getRemoteSocketAddress() + ": no answer to a ping");
            engine.closeConnection(CloseFrame.ABNORMAL_CLOSE,
                "no answer to a WebSocket ping within " + settings.pongMillis() + " ms");
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

    void handshakeDone() {
      if (handshaking.compareAndSet(true, false)) {
        handshakes.release();
        handshakeOver.countDown();
      }
    }

    void closeSocket() {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
      if (socketClosing.compareAndSet(false, true)) {
        live.decrementAndGet();
      }
      socketClosed.countDown();
      Thread w = writer;
      if (w != null && w != Thread.currentThread()) {
        w.interrupt();
      }
    }
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          QmuxSession.LOG.log(Level.WARNING, () -> scheme + ": accept failed, listener closing: " + e);
          close();
        }
        return;
      }
      if (live.incrementAndGet() > settings.maxSessions()) {
        live.decrementAndGet();
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + settings.maxSessions() + " connections held, dropping " + s.getRemoteSocketAddress());
        closeQuietly(s);
        continue;
      }
      if (!handshakes.tryAcquire()) {
        live.decrementAndGet();
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + HANDSHAKES + " handshakes running, dropping " + s.getRemoteSocketAddress());
        closeQuietly(s);
        continue;
      }
      Peer p = new Peer(s);
      Thread.ofVirtual().name(scheme + "-reader").start(p::run);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to tell
    }
  }

  /** Connections held now: handshaking, answering a plain request, or open. */
  int connections() {
    return live.get();
  }

  private static Peer peer(WebSocket conn) {
    return conn.getAttachment();
  }

  // ---- WebSocketListener (called on the connection's own threads) ----

  @Override
  public void onWebsocketOpen(WebSocket conn, Handshakedata handshake) {
    Peer p = peer(conn);
    p.handshakeDone();
    p.connection.onOpen();
    if (settings.pingMillis() > 0) {
      Thread.ofVirtual().name(scheme + "-ping").start(p::keepAlive);
    }
    if (closed.get()) {
      conn.close(CloseFrame.GOING_AWAY, "listener closed");
    } else if (!pending.offer(p.connection)) {
      QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": turning " + p.socket.getRemoteSocketAddress() + " away: backlog full");
      conn.close(CloseFrame.TRY_AGAIN_LATER, "backlog full");
    } else if (closed.get() && pending.remove(p.connection)) {
      conn.close(CloseFrame.GOING_AWAY, "listener closed"); // it closed while this one was queued
    }
  }

  @Override
  public void onWebsocketMessage(WebSocket conn, ByteBuffer message) {
    peer(conn).connection.onBinary(message); // may wait: this connection's reader only
  }

  @Override
  public void onWebsocketMessage(WebSocket conn, String message) {
    peer(conn).connection.onText();
  }

  @Override
  public void onWebsocketClose(WebSocket conn, int code, String reason, boolean remote) {
    Peer p = peer(conn);
    p.connection.onClose(code, reason, remote);
    p.closeSocket();
  }

  @Override
  public void onWebsocketCloseInitiated(WebSocket conn, int code, String reason) {
    closeSoon(peer(conn));
  }

  @Override
  public void onWebsocketClosing(WebSocket conn, int code, String reason, boolean remote) {
    closeSoon(peer(conn));
  }

  /** A peer that never answers our close frame does not keep its socket open. */
  private static void closeSoon(Peer p) {
    if (p.socketClosed.getCount() == 0) {
      return;
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!p.socketClosed.await(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                  p.closeSocket();
                }
              } catch (InterruptedException e) {
                p.closeSocket();
              }
            });
  }

  @Override
  public void onWebsocketError(WebSocket conn, Exception ex) {
    peer(conn).connection.onError(ex);
  }

  @Override
  public void onWriteDemand(WebSocket conn) {
    // the connection's writer thread waits on its queue
  }

  @Override
  public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
    return (InetSocketAddress) peer(conn).socket.getLocalSocketAddress();
  }

  @Override
  public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
    return (InetSocketAddress) peer(conn).socket.getRemoteSocketAddress();
  }

  // ---- Acceptor ----

  @Override
  public Connection accept() throws IOException {
    try {
      WsConnection c = pending.take();
      if (c == CLOSED) {
        pending.offer(CLOSED);
        throw new SessionClosedException(scheme + " listener " + uri() + " is closed");
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("accept: interrupted");
    }
  }

  @Override
  public SocketAddress localAddress() {
    return addresses.localAddress();
  }

  @Override
  public URI uri() {
    return URI.create(addresses.uri() + settings.path());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": closing the server socket: " + e);
    }
    WsConnection c;
    while ((c = pending.poll()) != null) {
      if (c != CLOSED) {
        c.close();
      }
    }
    pending.offer(CLOSED);
  }
}
