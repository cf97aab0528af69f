package dev.qtalk.bench;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One-channel bulk throughput over {@code qmux+tcp} next to a raw loopback TCP socket moving the
 * same bytes in the same run, printed as a ratio (the machine is shared, so absolute figures vary).
 */
public final class QmuxTcpThroughput {
  private static final int CHUNK = 64 * 1024;

  private QmuxTcpThroughput() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    run(mib * 1024 * 1024, System.out);
  }

  /** Measures both and prints the comparison; returns qmux / raw. */
  public static double run(long bytes, PrintStream out) throws Exception {
    int trials = Integer.getInteger("qtalk.bench.trials", 9);
    Options options = options();
    out.printf(Locale.ROOT,
        "one-channel bulk throughput, %d MiB per trial, %d-byte writes, %d alternating trials, medians%n",
        bytes >> 20, CHUNK, trials);
    out.println("qmux options: " + options);
    Throughput.Comparison c;
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options)) {
      Session client = Transports.connect(listener.uri(), options);
      Session server = listener.accept();
      try {
        c = Throughput.compare(
            QmuxTcpThroughput::rawSocket, n -> qmuxChannel(client, server, n), bytes, 2, trials);
      } finally {
        client.close();
        server.close();
      }
    }
    out.println("raw TCP socket  " + Throughput.format(c.baseline()));
    out.println("qmux+tcp        " + Throughput.format(c.candidate()));
    out.printf(Locale.ROOT, "ratio qmux+tcp / raw = %.2f (median of paired trials; goal >= 0.70)%n", c.ratio());
    return c.ratio();
  }

  /** Window and max packet can be set with -Dqtalk.bench.window and -Dqtalk.bench.packet. */
  private static Options options() {
    Options.Builder b = Options.builder();
    Integer window = Integer.getInteger("qtalk.bench.window");
    Integer packet = Integer.getInteger("qtalk.bench.packet");
    if (window != null) {
      b.set(StandardOptions.WINDOW_SIZE, window);
    }
    if (packet != null) {
      b.set(StandardOptions.MAX_PACKET_SIZE, packet);
    }
    return b.build();
  }

  private static void rawSocket(long bytes) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      client.setTcpNoDelay(true);
      accepted.setTcpNoDelay(true);
      CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> drain(accepted));
      OutputStream out = client.getOutputStream();
      byte[] chunk = new byte[CHUNK];
      for (long sent = 0; sent < bytes; sent += CHUNK) {
        out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
      }
      client.shutdownOutput();
      check(received.get(), bytes);
    }
  }

  private static long drain(Socket s) {
    try (InputStream in = s.getInputStream()) {
      byte[] buf = new byte[CHUNK];
      long total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
      return total;
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static void qmuxChannel(Session client, Session server, long bytes) throws Exception {
    Channel out = client.open();
    Channel in = server.accept();
    CompletableFuture<Long> received =
        CompletableFuture.supplyAsync(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(CHUNK);
              long total = 0;
              try {
                for (int n; (n = in.read(buf.clear())) >= 0; ) {
                  total += n;
                }
                in.close();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
              return total;
            });
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    for (long sent = 0; sent < bytes; sent += CHUNK) {
      chunk.clear().limit((int) Math.min(CHUNK, bytes - sent));
      out.write(chunk);
    }
    out.closeWrite();
    check(received.get(), bytes);
    out.close();
  }

  private static void check(long received, long sent) {
    if (received != sent) {
      throw new IllegalStateException("received " + received + " of " + sent + " bytes");
    }
  }
}
