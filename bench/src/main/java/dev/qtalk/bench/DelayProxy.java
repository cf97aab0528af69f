package dev.qtalk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that behaves like a long link: every byte is handed on half a round trip
 * after it arrived, each way, and at most {@link #inFlight} bytes are on the way per direction
 * (what the kernel's largest TCP receive window would let one connection have in flight, read
 * from {@code /proc/sys/net/ipv4/tcp_rmem}). This machine has no {@code netem}; the proxy is the
 * user-space stand-in, and raw TCP and qtalk go through the same one.
 */
public final class DelayProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long oneWay;
  private final int inFlight;

  public DelayProxy(InetSocketAddress target, Duration roundTrip) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    this.oneWay = roundTrip.toNanos() / 2;
    this.inFlight = largestTcpWindow();
    Thread.ofVirtual().name("delay-proxy").start(this::acceptLoop);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Bytes one direction may have on the way. */
  public int inFlight() {
    return inFlight;
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket in = server.accept();
        Socket out = new Socket(target.getAddress(), target.getPort());
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        direction(in, out);
        direction(out, in);
      }
    } catch (IOException e) {
      // closed
    }
  }

  private record Piece(byte[] bytes, long due) {}

  /** Moves bytes from {@code from} to {@code to}, each piece held until its time. */
  private void direction(Socket from, Socket to) {
    LinkedBlockingQueue<Piece> line = new LinkedBlockingQueue<>();
    Semaphore room = new Semaphore(inFlight);
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          room.acquire(n);
          line.add(new Piece(Arrays.copyOf(buf, n), System.nanoTime() + oneWay));
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended
      }
      line.add(new Piece(null, System.nanoTime() + oneWay));
    });
    Thread.ofVirtual().start(() -> {
      try (OutputStream out = to.getOutputStream()) {
        while (true) {
          Piece p = line.take();
          long wait = p.due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          if (p.bytes == null) {
            to.shutdownOutput();
            return;
          }
          out.write(p.bytes);
          room.release(p.bytes.length);
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended
      }
    });
  }

  private static int largestTcpWindow() {
    try {
      String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_rmem")).trim().split("\\s+");
      return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(f[2]));
    } catch (IOException | RuntimeException e) {
      return 6 << 20; // Linux's usual default
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
