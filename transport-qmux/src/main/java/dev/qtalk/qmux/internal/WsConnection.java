package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import dev.qtalk.ProtocolException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/**
 * A {@link Connection} over one Java-WebSocket connection (client or server side). Each qmux
 * message goes out as exactly one binary frame; incoming binary frames are read as one byte stream
 * ({@link FrameInputStream}); a text frame is a protocol error.
 *
 * <p>Java-WebSocket's {@code send} never blocks: it queues without bound. {@link #write} therefore
 * waits while more than {@link #SEND_LIMIT} bytes are queued on the connection, so flow control,
 * not memory, bounds a fast writer.
 */
final class WsConnection implements Connection {
  /** Bytes queued for the socket above which a write waits. */
  static final long SEND_LIMIT = 1024 * 1024;
  /** Unread incoming bytes above which the WebSocket's reader thread waits. */
  static final long RECEIVE_LIMIT = 1024 * 1024;

  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final WebSocket socket;
  private final FrameInputStream in = new FrameInputStream(RECEIVE_LIMIT);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile SocketAddress local;
  private volatile SocketAddress remote;

  /** How long a close handshake may take before the socket under it is closed regardless. */
  private static final long CLOSE_GRACE_MILLIS = 2_000;

  private final Closeable hardClose;

  /** @param socket the connection itself ({@code WebSocketClient.getConnection()} on a client) */
  WsConnection(WebSocket socket) {
    this(socket, null);
  }

  /**
   * @param hardClose closes the TCP socket under the WebSocket, for a peer that never answers
   *     our close frame (the library's reader would otherwise wait for it); may be null
   */
  WsConnection(WebSocket socket, Closeable hardClose) {
    this.socket = socket;
    this.hardClose = hardClose;
  }

  private volatile PeerIdentity identity;

  /** The peer's verified TLS certificate (wss), once the TLS handshake is done. */
  void identity(PeerIdentity id) {
    this.identity = id;
  }

  @Override
  public Optional<PeerIdentity> peerIdentity() {
    return Optional.ofNullable(identity);
  }

  /** The handshake is done: the socket addresses are known. */
  void onOpen() {
    local = socket.getLocalSocketAddress();
    remote = socket.getRemoteSocketAddress();
  }

  // ---- events from the WebSocket's threads ----

  /**
   * A binary frame arrived; waits while the read buffer is full, which stops the reading of this
   * connection's socket (each connection has a reader thread of its own).
   */
  void onBinary(ByteBuffer payload) {
    try {
      in.offer(payload);
    } catch (InterruptedException e) {
      // shutting down: a dropped frame would corrupt the stream, so end it
      Thread.currentThread().interrupt();
      in.fail(new IOException("interrupted while a frame was waiting to be read"));
    }
  }

  /** A text frame arrived: qmux never sends one, so the connection ends with a protocol error. */
  void onText() {
    in.fail(new ProtocolException("qmux over WebSocket: a text frame arrived (expected: binary frames only)"));
    socket.close(CloseFrame.REFUSE, "qmux expects binary frames");
  }

  void onClose(int code, String reason, boolean remote) {
    // ABNORMAL_CLOSE (1006) means the connection ended with no close frame: at this layer that is
    // what a TCP connection's end is to qmux+tcp, so the session decides, channel by channel,
    // whether what was unfinished makes it an error. Other codes are the peer saying what failed.
    if (code == CloseFrame.NORMAL || code == CloseFrame.GOING_AWAY || code == CloseFrame.NOCODE
        || code == CloseFrame.ABNORMAL_CLOSE) {
      in.finish();
    } else {
      in.fail(new IOException("WebSocket closed with code " + code + (reason == null || reason.isEmpty() ? "" : ": " + reason)));
    }
  }

  void onError(Exception e) {
    in.fail(e instanceof IOException io ? io : new IOException("WebSocket failed: " + e, e));
  }

  /** Bytes received and not read yet. */
  int unreadBytes() {
    return in.available();
  }

  // ---- Connection ----

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public void write(byte[] message) throws IOException {
    awaitRoom();
    try {
      socket.send(message);
    } catch (WebsocketNotConnectedException e) {
      throw new IOException("the WebSocket connection is closed", e);
    }
  }

  /**
   * Each message of the batch goes out as one binary frame, sent from a slice of the batch (the
   * frame is masked into a buffer of its own as it is sent, so no other copy is made).
   */
  @Override
  public void write(ByteBuffer batch) throws IOException {
    write(new ByteBuffer[] {batch});
  }

  /**
   * Each message goes out as one binary frame, sent from a slice of the part that holds it; only
   * a message spread over several parts (a payload larger than one segment) is joined first.
   */
  @Override
  public void write(ByteBuffer[] parts) throws IOException {
    for (int i = 0; i < parts.length; i++) {
      ByteBuffer part = parts[i];
      while (part.hasRemaining()) {
        int at = part.position();
        int size = Connection.messageSize(part, at); // a header never spans parts
        if (size <= part.remaining()) {
          send(part.slice(at, size));
          part.position(at + size);
        } else {
          ByteBuffer joined = ByteBuffer.allocate(size).put(part);
          while (joined.hasRemaining()) {
            ByteBuffer next = parts[++i];
            int n = Math.min(joined.remaining(), next.remaining());
            joined.put(next.slice(next.position(), n));
            next.position(next.position() + n);
          }
          send(joined.flip());
          part = parts[i];
        }
      }
    }
  }

  private void send(ByteBuffer frame) throws IOException {
    awaitRoom();
    try {
      socket.send(frame);
    } catch (WebsocketNotConnectedException e) {
      throw new IOException("the WebSocket connection is closed", e);
    }
  }

  /** Waits, polling with a short backoff, until the send queue is below the limit. */
  private void awaitRoom() throws IOException {
    long pause = 20_000;
    while (queuedBytes() > SEND_LIMIT) {
      if (!socket.isOpen()) {
        throw new IOException("the WebSocket connection is closed");
      }
      LockSupport.parkNanos(pause);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("write: interrupted");
      }
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
  }

  /** Bytes waiting in Java-WebSocket's unbounded send queue. */
  long queuedBytes() {
    if (!(socket instanceof WebSocketImpl impl)) {
      return 0;
    }
    long sum = 0;
    for (ByteBuffer b : impl.outQueue) {
      sum += b.remaining();
    }
    return sum;
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      in.close();
      socket.close(CloseFrame.NORMAL);
      if (hardClose != null) {
        Thread.ofVirtual().name("qmux-ws-close").start(this::closeAfterGrace);
      }
    }
  }

  private void closeAfterGrace() {
    try {
      Thread.sleep(CLOSE_GRACE_MILLIS);
      hardClose.close(); // a no-op when the handshake has already closed it

    } catch (InterruptedException | IOException e) {
      // the socket is gone either way
    }
  }
}
