package dev.qtalk.tck.qmux;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.Transports;
import dev.qtalk.tck.RawPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A raw peer for {@code qmux+ws}: a plain Java-WebSocket server on loopback whose binary frames
 * are the kit's byte stream. Each write of the kit goes out as one binary frame; the frames the
 * session sends are read back as one stream.
 */
final class RawWebSocketPeer extends WebSocketServer {
  private static final byte[] END = new byte[0];

  private final CountDownLatch started = new CountDownLatch(1);
  private final CompletableFuture<WebSocket> socket = new CompletableFuture<>();
  private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();

  private RawWebSocketPeer() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
    setDaemon(true);
  }

  /** A qmux+ws client session connected to a raw WebSocket server. */
  static RawPeer connect(Options options) throws Exception {
    RawWebSocketPeer server = new RawWebSocketPeer();
    server.start();
    if (!server.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the raw WebSocket server did not start");
    }
    Session session = Transports.connect(URI.create("qmux+ws://127.0.0.1:" + server.getPort() + "/"), options);
    WebSocket conn = server.socket.get(10, TimeUnit.SECONDS);
    AutoCloseable close = () -> {
      conn.close();
      server.stop(1000);
    };
    return new RawPeer(session, server.new Incoming(), new Outgoing(conn), close);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    socket.complete(conn);
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    byte[] b = new byte[message.remaining()];
    message.get(b);
    if (b.length > 0) {
      frames.add(b);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    frames.add(END); // qmux never sends text: end the stream so the kit notices
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    frames.add(END);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    frames.add(END);
  }

  /** The session's frames as one stream. */
  private final class Incoming extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos == current.length) {
        if (ended) {
          return -1;
        }
        try {
          byte[] next = frames.take();
          if (next == END) {
            ended = true;
            frames.add(END);
          } else {
            current = next;
            pos = 0;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("read: interrupted");
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Each write is one binary frame to the session. */
  private static final class Outgoing extends OutputStream {
    private final WebSocket conn;

    Outgoing(WebSocket conn) {
      this.conn = conn;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        conn.send(Arrays.copyOfRange(b, off, off + len));
      } catch (WebsocketNotConnectedException e) {
        throw new IOException("the raw WebSocket is closed", e);
      }
    }
  }
}
