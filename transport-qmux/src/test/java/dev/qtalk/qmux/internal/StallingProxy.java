package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP proxy for one connection that can stop forwarding without closing anything, as a
 * peer that vanished behind a dead NAT or a pulled cable would look: no FIN, no RST, just silence.
 */
final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final CountDownLatch stalled = new CountDownLatch(1);
  private volatile boolean stalling;
  private Socket in;
  private Socket out;

  StallingProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.target = targetPort;
    Thread.ofVirtual().start(this::run);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Stops forwarding in both directions; the sockets stay open. */
  void stall() {
    stalling = true;
  }

  private void run() {
    try {
      in = server.accept();
      out = new Socket();
      out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
      Thread.ofVirtual().start(() -> pump(in, out));
      Thread.ofVirtual().start(() -> pump(out, in));
    } catch (IOException e) {
      // closed
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream src = from.getInputStream();
      OutputStream dst = to.getOutputStream();
      for (int n; (n = src.read(buf)) >= 0; ) {
        if (stalling) {
          stalled.await(); // drop what was read and forward nothing more, until closed
        }
        dst.write(buf, 0, n);
      }
    } catch (IOException | InterruptedException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    stalled.countDown();
    server.close();
    if (in != null) {
      in.close();
    }
    if (out != null) {
      out.close();
    }
  }
}
