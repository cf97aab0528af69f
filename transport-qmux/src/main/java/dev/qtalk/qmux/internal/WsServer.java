package dev.qtalk.qmux.internal;

import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>Closing the listener stops accepting and frees the port but, as for TCP, leaves the sessions
 * it accepted running: Java-WebSocket serves every connection of a server from its one selector
 * thread, so the server itself stops only once the last of them has closed.
 */
final class WsServer extends WebSocketServer implements QmuxListener.Acceptor {
  static final int BACKLOG = 256;
  private static final WsConnection CLOSED = new WsConnection(null);

  private final String scheme;
  private final String path;
  private final LinkedBlockingQueue<WsConnection> pending = new LinkedBlockingQueue<>(BACKLOG);
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Exception startError;
  private volatile ServerSocketChannel channel;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

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

  /** Learns the server channel (to close it with the listener); refuses connections once closed. */
  @Override
  protected boolean onConnect(SelectionKey key) {
    if (key.channel() instanceof ServerSocketChannel server) {
      channel = server;
      if (closed.get()) {
        closeQuietly(server);
        return false;
      }
    }
    return true;
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
    if (closed.get()) {
      conn.close(CloseFrame.GOING_AWAY, "listener closed");
    } else if (!pending.offer(c)) {
      QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": turning " + conn.getRemoteSocketAddress() + " away: backlog full");
      conn.close(CloseFrame.TRY_AGAIN_LATER, "backlog full");
    } else if (closed.get() && pending.remove(c)) {
      conn.close(CloseFrame.GOING_AWAY, "listener closed"); // it closed while this one was queued
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
    if (closed.get()) {
      stopIfIdle();
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
      c.draining();
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
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    WsConnection c;
    while ((c = pending.poll()) != null) {
      if (c != CLOSED) {
        c.close();
      }
    }
    pending.offer(CLOSED);
    ServerSocketChannel server = channel;
    if (server != null) {
      closeQuietly(server);
    }
    stopIfIdle();
  }

  /** Stops the server (selector and decoder threads) once no connection is left. */
  private void stopIfIdle() {
    if (getConnections().isEmpty() && stopped.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name(scheme + "-stop")
          .start(
              () -> {
                try {
                  stop(1000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
  }

  private void closeQuietly(ServerSocketChannel server) {
    try {
      server.close();
    } catch (IOException e) {
      QmuxSession.LOG.log(Level.DEBUG, () -> scheme + ": closing the server socket: " + e);
    }
  }
}
