package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
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
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;

/**
 * The server end of qmux over WebSocket: a blocking server socket (TLS for {@code qmux+wss}) and,
 * per connection, a {@link WsLink}: a Java-WebSocket engine ({@link WebSocketImpl}) driven by a
 * reader and a writer virtual thread of its own. A connection whose reader waits (its session has
 * not caught up) thus holds up nobody else, and its writes never wait for its reads, as with TCP.
 * (Java-WebSocket's own {@code WebSocketServer} reads and writes every connection from one
 * selector thread, which a waiting reader would stall.)
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
 * and dropped when the ping goes unanswered for the keepalive timeout. Closing the listener frees
 * the port and leaves the sessions it accepted running.
 */
final class WsAcceptor implements QmuxListener.Acceptor {
  static final int HANDSHAKES = 64;
  static final int BACKLOG = 256;

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

  /** One accepted socket: its handshake, then its link (engine, qmux connection and threads). */
  private final class Peer {
    final Socket socket;
    final AtomicBoolean handshaking = new AtomicBoolean(true);
    final CountDownLatch handshakeOver = new CountDownLatch(1);
    final AtomicBoolean socketGone = new AtomicBoolean();
    volatile WsLink link;

    Peer(Socket socket) {
      this.socket = socket;
    }

    void run() {
      Thread.ofVirtual().name(scheme + "-deadline").start(this::enforceDeadline);
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        PeerIdentity identity = null;
        if (socket instanceof SSLSocket tls) {
          tls.startHandshake();
          identity = PeerIdentity.of(tls.getSession()).orElse(null);
        }
        InputStream in = socket.getInputStream();
        WsHttpRequest request = WsHttpRequest.read(in);
        if (refused(request)) {
          return;
        }
        WsLink l = new WsLink(scheme, socket, List.of(settings.draft().copyInstance()), false, this::opened, this::socketClosed);
        if (identity != null) {
          l.connection.identity(identity);
        }
        link = l;
        if (socketGone.get()) {
          return; // the deadline passed meanwhile
        }
        l.startWriter();
        l.engine.decode(ByteBuffer.wrap(request.raw()));
        l.readLoop(in);
      } catch (IOException e) {
        WsLink l = link;
        if (l != null) {
          l.readFailed(e);
        } else {
          QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + socket.getRemoteSocketAddress() + ": " + e);
        }
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

    void handshakeDone() {
      if (handshaking.compareAndSet(true, false)) {
        handshakes.release();
        handshakeOver.countDown();
      }
    }

    void closeSocket() {
      WsLink l = link;
      if (l != null) {
        l.closeSocket();
        return;
      }
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
      socketClosed();
    }

    /** The upgrade is done: the connection waits in the backlog for {@link #accept}. */
    private void opened(WsLink link) {
      handshakeDone();
      if (settings.pingMillis() > 0) {
        Thread.ofVirtual().name(scheme + "-ping").start(() -> link.keepAlive(settings.pingMillis(), settings.pongMillis()));
      }
      if (closed.get()) {
        link.engine.close(CloseFrame.GOING_AWAY, "listener closed");
      } else if (!pending.offer(link.connection)) {
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": turning " + socket.getRemoteSocketAddress() + " away: backlog full");
        link.engine.close(CloseFrame.TRY_AGAIN_LATER, "backlog full");
      } else if (closed.get() && pending.remove(link.connection)) {
        link.engine.close(CloseFrame.GOING_AWAY, "listener closed"); // it closed while this one was queued
      }
    }

    /** The socket is closed, by whichever path came first: the connection is no longer held. */
    private void socketClosed() {
      if (socketGone.compareAndSet(false, true)) {
        live.decrementAndGet();
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
