package dev.qtalk.qmux.internal;

import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * The server end of qmux over WebSocket, and the {@link QmuxListener.Acceptor} over it: each
 * handshake that completes queues a {@link WsConnection} (at most {@link #BACKLOG}; more are turned
 * away with close code 1013). When the listener's path is not {@code /}, handshakes for other
 * paths are refused.
 */
final class WsServer extends WebSocketServer implements QmuxListener.Acceptor {
  static final int BACKLOG = 256;
  private static final WsConnection CLOSED = new WsConnection(null);

  private final String scheme;
  private final String path;
  private final LinkedBlockingQueue<WsConnection> pending = new LinkedBlockingQueue<>(BACKLOG);
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Exception startError;

  WsServer(String scheme, InetSocketAddress address, String path, Draft draft) {
    super(address, List.of(draft));
    this.scheme = scheme;
    this.path = path;
    setReuseAddr(true);
    setTcpNoDelay(true);
    setDaemon(true);
  }

  /** Starts the server and waits until it listens. */
  void startAndAwait(long timeoutMillis) throws IOException {
    start();
    try {
      if (!started.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        close();
        throw new IOException(scheme + ": the WebSocket server did not start within " + timeoutMillis + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException(scheme + " listen: interrupted");
    }
    if (startError != null) {
      close();
      throw startError instanceof IOException io
          ? io
          : new IOException(scheme + ": cannot listen on " + getAddress() + ": " + startError, startError);
    }
  }

  // ---- WebSocketServer ----

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    if (!path.equals("/")) {
      String asked = request.getResourceDescriptor();
      int q = asked.indexOf('?');
      if (!(q < 0 ? asked : asked.substring(0, q)).equals(path)) {
        throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no qmux endpoint at " + asked);
      }
    }
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    WsConnection c = new WsConnection(conn);
    c.onOpen();
    conn.setAttachment(c);
    if (!pending.offer(c)) {
      QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": turning " + conn.getRemoteSocketAddress() + " away: backlog full");
      conn.close(CloseFrame.TRY_AGAIN_LATER, "backlog full");
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    WsConnection c = conn.getAttachment();
    if (c != null) {
      c.onBinary(message);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    WsConnection c = conn.getAttachment();
    if (c != null) {
      c.onText();
    } else {
      conn.close(CloseFrame.REFUSE, "qmux expects binary frames");
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    WsConnection c = conn.getAttachment();
    if (c != null) {
      c.onClose(code, reason, remote);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception e) {
    if (conn == null) {
      startError = e; // the server itself failed (bind, selector)
      started.countDown();
      QmuxSession.LOG.log(Level.DEBUG, () -> scheme + " server failed: " + e);
      return;
    }
    WsConnection c = conn.getAttachment();
    if (c != null) {
      c.onError(e);
    }
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
    return new InetSocketAddress(getAddress().getAddress(), getPort());
  }

  @Override
  public URI uri() {
    String host = getAddress().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create(scheme + "://" + host + ":" + getPort() + path);
  }

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
