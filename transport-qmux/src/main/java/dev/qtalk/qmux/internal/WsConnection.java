package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import dev.qtalk.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.java_websocket.framing.CloseFrame;

/**
 * A {@link Connection} over one WebSocket ({@link WsLink}, client or server side). Each qmux
 * message goes out as exactly one binary frame, written by the calling thread (the session's
 * writer) straight to the socket; incoming binary frames are read as one byte stream ({@link
 * FrameInputStream}); a text frame is a protocol error.
 */
final class WsConnection implements Connection {
  /** Unread incoming bytes above which the WebSocket's reader thread waits. */
  static final long RECEIVE_LIMIT = 1024 * 1024;

  private final WsLink link;
  private final FrameInputStream in = new FrameInputStream(RECEIVE_LIMIT);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile SocketAddress local;
  private volatile SocketAddress remote;

  /** @param link the connection's WebSocket (null only for a placeholder that is never used) */
  WsConnection(WsLink link) {
    this.link = link;
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
    local = link.socket.getLocalSocketAddress();
    remote = link.socket.getRemoteSocketAddress();
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
    link.engine.close(CloseFrame.REFUSE, "qmux expects binary frames");
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

  /** The connection's WebSocket (for tests). */
  WsLink link() {
    return link;
  }

  /** Pings from the peer that were answered. */
  int pingsAnswered() {
    return link.pingsAnswered();
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
    link.sendBinary(ByteBuffer.wrap(message));
  }

  @Override
  public void write(ByteBuffer batch) throws IOException {
    write(new ByteBuffer[] {batch});
  }

  /**
   * Each message goes out as one binary frame, built from slices of the parts that hold it (a
   * large DATA message's header and payload are separate parts): its bytes are copied once, into
   * the frame.
   */
  @Override
  public void write(ByteBuffer[] parts) throws IOException {
    List<ByteBuffer> pieces = null; // made for the first message that spans parts
    for (int i = 0; i < parts.length; i++) {
      ByteBuffer part = parts[i];
      while (part.hasRemaining()) {
        int at = part.position();
        int size = Connection.messageSize(part, at); // a header never spans parts
        if (size <= part.remaining()) {
          link.sendBinary(part.slice(at, size));
          part.position(at + size);
          continue;
        }
        if (pieces == null) {
          pieces = new ArrayList<>(2);
        }
        int left = size;
        while (left > 0) {
          ByteBuffer p = parts[i];
          int n = Math.min(left, p.remaining());
          pieces.add(p.slice(p.position(), n));
          p.position(p.position() + n);
          left -= n;
          if (left > 0) {
            i++;
          }
        }
        link.sendBinary(pieces.toArray(ByteBuffer[]::new));
        pieces.clear();
        part = parts[i];
      }
    }
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
      link.engine.close(CloseFrame.NORMAL); // a peer that never answers is cut off after a grace (WsLink)
    }
  }
}
