package dev.qtalk.qmux.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A plain Java-WebSocket server on loopback that is not qmux: it records the client's handshake and
 * every binary frame, and lets the test send raw frames, to check how the qmux client frames.
 */
final class RawWsServer extends WebSocketServer implements AutoCloseable {
  final CompletableFuture<ClientHandshake> handshake = new CompletableFuture<>();
  final CompletableFuture<WebSocket> socket = new CompletableFuture<>();
  final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
  private final CountDownLatch started = new CountDownLatch(1);

  private RawWsServer() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
    setDaemon(true);
  }

  static RawWsServer launch() throws InterruptedException {
    RawWsServer s = new RawWsServer();
    s.start();
    if (!s.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("raw WebSocket server did not start");
    }
    return s;
  }

  /** The next binary frame the client sent. */
  byte[] nextFrame() throws InterruptedException {
    byte[] f = frames.poll(10, TimeUnit.SECONDS);
    if (f == null) {
      throw new AssertionError("no frame from the client within 10 s");
    }
    return f;
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake h) {
    handshake.complete(h);
    socket.complete(conn);
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    byte[] b = new byte[message.remaining()];
    message.get(b);
    frames.add(b);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    frames.add(new byte[0]); // never expected: shows up as an empty frame the test rejects
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onError(WebSocket conn, Exception ex) {}

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
