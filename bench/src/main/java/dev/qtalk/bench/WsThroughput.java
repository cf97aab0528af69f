package dev.qtalk.bench;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One-channel bulk throughput from a Java {@code qmux+ws} client to a Java {@code qmux+ws} server,
 * next to {@code qmux+tcp} moving the same bytes in the same run, printed as a ratio. Also the
 * reverse direction (server to client), where the client's masking is not involved.
 *
 * <pre>java -cp ... dev.qtalk.bench.WsThroughput [MiB per trial (256)]</pre>
 */
public final class WsThroughput {
  private static final int CHUNK = 64 * 1024;

  private WsThroughput() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    run(mib * 1024 * 1024, System.out);
  }

  /** Measures and prints; returns ws / tcp client-to-server. */
  public static double run(long bytes, PrintStream out) throws Exception {
    int trials = Integer.getInteger("qtalk.bench.trials", 7);
    out.printf(Locale.ROOT, "one-channel bulk throughput, %d MiB per trial, %d-byte writes, %d alternating trials, medians%n",
        bytes >> 20, CHUNK, trials);
    try (Pair tcp = Pair.of("qmux+tcp"); Pair ws = Pair.of("qmux+ws")) {
      Throughput.Comparison up = Throughput.compare(Throughput.timed(n -> send(tcp.client, tcp.server, n)), Throughput.timed(n -> send(ws.client, ws.server, n)), bytes, 2, trials);
      Throughput.Comparison down = Throughput.compare(Throughput.timed(n -> send(tcp.server, tcp.client, n)), Throughput.timed(n -> send(ws.server, ws.client, n)), bytes, 1, trials);
      out.println("client -> server  qmux+tcp " + Throughput.format(up.baseline()) + "   qmux+ws " + Throughput.format(up.candidate()));
      out.printf(Locale.ROOT, "ratio qmux+ws / qmux+tcp, client -> server = %.2f (the client masks every byte)%n", up.ratio());
      out.println("server -> client  qmux+tcp " + Throughput.format(down.baseline()) + "   qmux+ws " + Throughput.format(down.candidate()));
      out.printf(Locale.ROOT, "ratio qmux+ws / qmux+tcp, server -> client = %.2f (no masking)%n", down.ratio());
      return up.ratio();
    }
  }

  private record Pair(SessionListener listener, Session client, Session server) implements AutoCloseable {
    static Pair of(String scheme) throws IOException {
      SessionListener listener = Transports.listen(URI.create(scheme + "://127.0.0.1:0"), Options.defaults());
      CompletableFuture<Session> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return listener.accept();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      Session client = Transports.connect(listener.uri(), Options.defaults());
      return new Pair(listener, client, accepted.join());
    }

    @Override
    public void close() {
      client.close();
      server.close();
      listener.close();
    }
  }

  private static void send(Session from, Session to, long bytes) throws Exception {
    CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> {
      try {
        return to.accept();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    Channel out = from.open();
    Channel in = accepted.join();
    CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
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
      while (chunk.hasRemaining()) {
        out.write(chunk);
      }
    }
    out.closeWrite();
    long got = received.get();
    if (got != bytes) {
      throw new IllegalStateException("received " + got + " of " + bytes + " bytes");
    }
    out.close();
  }
}
