package dev.qtalk.tck.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on loopback: every connection it accepts is joined to a new connection to the
 * target, with one virtual thread per direction. While the link is stalled those threads stop
 * reading, so the peers' writes fill the socket buffers and then block, as on a dead path.
 *
 * @since 0.1
 */
public final class TcpProxy implements FaultProxy {
  private static final int CHUNK = 16 * 1024;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong forwarded = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Link link = Link.forward();
  private boolean closed;

  private TcpProxy(InetSocketAddress target, ServerSocket server) {
    this.target = target;
    this.server = server;
  }

  /** Starts a proxy on 127.0.0.1, port 0, to {@code target}. */
  public static TcpProxy start(InetSocketAddress target) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TcpProxy p = new TcpProxy(target, server);
    Thread.ofVirtual().name("tck-tcp-proxy-accept").start(p::acceptLoop);
    return p;
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  @Override
  public void link(Link next) {
    lock.lock();
    try {
      link = next;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long forwarded() {
    return forwarded.get();
  }

  @Override
  public void cut() {
    for (Socket s : sockets) {
      try {
        s.shutdownOutput(); // FIN
      } catch (IOException e) {
        // already gone
      }
    }
    link(Link.forward()); // wake forwarders; their sockets are half-closed now
    closeAll(false);
  }

  @Override
  public void reset() {
    closeAll(true);
  }

  private void closeAll(boolean reset) {
    for (Socket s : sockets) {
      try {
        if (reset) {
          s.setSoLinger(true, 0); // close() then sends RST
        }
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
    sockets.clear();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeAll(false);
  }

  private void acceptLoop() {
    while (true) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket out = new Socket();
      try {
        out.connect(target, 10_000);
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(in);
        closeQuietly(out);
        continue;
      }
      sockets.add(in);
      sockets.add(out);
      Thread.ofVirtual().name("tck-tcp-proxy-up").start(() -> pump(in, out));
      Thread.ofVirtual().name("tck-tcp-proxy-down").start(() -> pump(out, in));
    }
  }

  /** Forwards {@code from} to {@code to} under the current link; passes an end of stream on as FIN. */
  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[CHUNK];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        Link now = awaitNotStalled();
        if (now == null) {
          return;
        }
        int max = now.bytesPerSecond() == 0 ? CHUNK : (int) Math.max(1, Math.min(CHUNK, now.bytesPerSecond() / 50));
        int n = in.read(buf, 0, max);
        if (n < 0) {
          to.shutdownOutput();
          return;
        }
        Link after = awaitNotStalled();
        if (after == null) {
          return;
        }
        long delay = after.latency().toNanos() + after.transmitNanos(n);
        if (delay > 0) {
          Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
        out.write(buf, 0, n);
        forwarded.addAndGet(n);
      }
    } catch (IOException | InterruptedException e) {
      // a side ended, or the proxy cut or reset it
    }
  }

  /** The link once it is not stalled; null once the proxy is closed. */
  private Link awaitNotStalled() throws InterruptedIOException {
    lock.lock();
    try {
      while (link.stalled() && !closed) {
        changed.await();
      }
      return closed ? null : link;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("proxy: interrupted");
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
