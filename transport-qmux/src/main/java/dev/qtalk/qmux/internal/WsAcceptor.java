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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * The server end of qmux over WebSocket: a blocking server socket (TLS for {@code qmux+wss}) and,
 * per connection, a Java-WebSocket engine ({@link WebSocketImpl}) driven by a reader and a writer
 * virtual thread of its own. A connection whose reader waits (its session has not caught up) thus
 * holds up nobody else, and its writes never wait for its reads, as with TCP. (Java-WebSocket's
 * own {@code WebSocketServer} reads and writes every connection from one selector thread, which a
 * waiting reader would stall.)
 *
 * <p>Handshakes (TLS, then WebSocket) run in the background, at most {@link #HANDSHAKES} at once,
 * each bounded by the connect timeout; open connections wait for {@code accept} in a queue of
 * {@link #BACKLOG} (more are turned away with close code 1013). When the listener's path is not
 * {@code /}, handshakes for other paths are refused. Closing the listener frees the port and leaves
 * the sessions it accepted running.
 */
final class WsAcceptor extends WebSocketAdapter implements QmuxListener.Acceptor {
  static final int HANDSHAKES = 64;
  static final int BACKLOG = 256;
  /** How long a closing connection waits for the peer's close frame before the socket is closed. */
  static final long CLOSE_GRACE_MILLIS = 5_000;

  private static final WsConnection CLOSED = new WsConnection(null);

  private final String scheme;
  private final ServerSocket server;
  private final String path;
  private final Draft draft;
  private final int handshakeMillis;
  private final TcpTransportProvider.SocketAcceptor addresses;
  private final LinkedBlockingQueue<WsConnection> pending = new LinkedBlockingQueue<>(BACKLOG);
  private final Semaphore handshakes = new Semaphore(HANDSHAKES);
  private final AtomicBoolean closed = new AtomicBoolean();

  WsAcceptor(String scheme, ServerSocket server, String path, Draft draft, int handshakeMillis) {
    this.scheme = scheme;
    this.server = server;
    this.path = path;
    this.draft = draft;
    this.handshakeMillis = handshakeMillis;
    this.addresses = new TcpTransportProvider.SocketAcceptor(scheme, server);
    Thread.ofVirtual().name(scheme + "-accept").start(this::acceptLoop);
  }

  /** One accepted socket: its engine, its qmux connection, and its two threads. */
  private final class Peer {
    final Socket socket;
    final WebSocketImpl engine;
    final WsConnection connection;
    final AtomicBoolean handshaking = new AtomicBoolean(true);
    final CountDownLatch socketClosed = new CountDownLatch(1);
    volatile Thread writer;

    Peer(Socket socket) {
      this.socket = socket;
      this.engine = new WebSocketImpl(WsAcceptor.this, List.of(draft.copyInstance()));
      this.engine.setAttachment(this);
      this.connection = new WsConnection(engine);
    }

    void run() {
      try {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(handshakeMillis);
        if (socket instanceof SSLSocket tls) {
          tls.startHandshake();
          PeerIdentity.of(tls.getSession()).ifPresent(connection::identity);
        }
        writer = Thread.ofVirtual().name(scheme + "-writer").start(this::writeLoop);
        readLoop();
      } catch (IOException e) {
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + socket.getRemoteSocketAddress() + ": " + e);
        engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.toString());
      } finally {
        handshakeDone();
        closeSocket();
      }
    }

    private void readLoop() throws IOException {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[64 * 1024];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          engine.decode(ByteBuffer.wrap(buf, 0, n));
        }
        engine.eot();
      } catch (SocketTimeoutException e) {
        engine.closeConnection(CloseFrame.NEVER_CONNECTED, "no handshake within " + handshakeMillis + " ms");
      }
    }

    private void writeLoop() {
      try {
        OutputStream out = socket.getOutputStream();
        while (true) {
          ByteBuffer b = engine.outQueue.take();
          out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
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

    void handshakeDone() {
      if (handshaking.compareAndSet(true, false)) {
        handshakes.release();
      }
    }

    void closeSocket() {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
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
      if (!handshakes.tryAcquire()) {
        QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": " + HANDSHAKES + " handshakes running, dropping " + s.getRemoteSocketAddress());
        try {
          s.close();
        } catch (IOException e) {
          // nothing to tell
        }
        continue;
      }
      Peer p = new Peer(s);
      Thread.ofVirtual().name(scheme + "-reader").start(p::run);
    }
  }

  private static Peer peer(WebSocket conn) {
    return conn.getAttachment();
  }

  // ---- WebSocketListener (called on the connection's own threads) ----

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft d, ClientHandshake request) throws InvalidDataException {
    if (!path.equals("/")) {
      String asked = request.getResourceDescriptor();
      int q = asked.indexOf('?');
      if (!(q < 0 ? asked : asked.substring(0, q)).equals(path)) {
        throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no qmux endpoint at " + asked);
      }
    }
    return super.onWebsocketHandshakeReceivedAsServer(conn, d, request);
  }

  @Override
  public void onWebsocketOpen(WebSocket conn, Handshakedata handshake) {
    Peer p = peer(conn);
    try {
      p.socket.setSoTimeout(0);
    } catch (IOException e) {
      // the socket failed; its reader will see it
    }
    p.handshakeDone();
    p.connection.onOpen();
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
    return URI.create(addresses.uri() + path);
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
