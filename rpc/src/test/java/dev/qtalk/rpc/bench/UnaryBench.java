package dev.qtalk.rpc.bench;

import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Unary round trips per second and p50/p99 latency over loopback, qtalk rpc on {@code qmux+tcp}
 * (CBOR) against gRPC-java (Netty transport, plaintext, a byte-array marshaller) doing the same
 * work in the same run: echo a 64-byte payload, with 1 and 64 concurrent callers. A program, not a
 * test:
 *
 * <pre>
 * ./mvnw -pl rpc -am test-compile
 * java --enable-native-access=ALL-UNNAMED \
 *     -cp "rpc/target/test-classes:rpc/target/classes:$(cat rpc/target/interop.classpath)" \
 *     dev.qtalk.rpc.bench.UnaryBench [seconds-per-run]
 * </pre>
 */
public final class UnaryBench {
  private static final byte[] PAYLOAD = new byte[64];
  private static final boolean PLATFORM = Boolean.getBoolean("bench.platformThreads");

  private UnaryBench() {}

  /** One way of making a unary call. */
  interface Caller {
    byte[] call(byte[] payload) throws Exception;
  }

  record Result(double callsPerSecond, double p50Micros, double p99Micros) {
    @Override
    public String toString() {
      return String.format("%9.0f calls/s  p50 %8.1f us  p99 %8.1f us", callsPerSecond, p50Micros, p99Micros);
    }
  }

  public static void main(String[] args) throws Exception {
    Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
    System.out.println("unary echo of " + PAYLOAD.length + " bytes over loopback, " + run.toSeconds()
        + " s per run, " + Runtime.getRuntime().availableProcessors() + " cpus");

    SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
    Thread.ofVirtual().start(() -> {
      try {
        Server.of(RespondMux.create().handle("echo", (r, c) -> r.reply(c.receive(byte[].class)))).serve(listener);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Session session = Transports.connect(listener.uri());
    Client client = Client.builder(session).codec(Codec.cbor()).build();
    Caller qtalk = p -> client.call("echo", p, byte[].class);

    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("bench.Echo/Echo")
        .setRequestMarshaller(new Bytes())
        .setResponseMarshaller(new Bytes())
        .build();
    // directExecutor: the echo handler never blocks, so gRPC may run it on its event loop (its
    // fastest setting); qtalk runs each call on a virtual thread of its own.
    io.grpc.Server grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .directExecutor()
        .addService(ServerServiceDefinition.builder("bench.Echo")
            .addMethod(method, ServerCalls.asyncUnaryCall((req, out) -> {
              out.onNext(req);
              out.onCompleted();
            }))
            .build())
        .build()
        .start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    Caller grpc = p -> ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, p);

    try {
      for (int callers : new int[] {1, 64}) {
        measure(qtalk, callers, Duration.ofSeconds(2)); // warm-up
        measure(grpc, callers, Duration.ofSeconds(2));
        Result q = measure(qtalk, callers, run);
        Result g = measure(grpc, callers, run);
        System.out.printf("%2d caller(s)  qtalk %s%n", callers, q);
        System.out.printf("%2d caller(s)  gRPC  %s%n", callers, g);
        System.out.printf("%2d caller(s)  qtalk/gRPC: throughput x%.2f, p50 latency x%.2f, p99 latency x%.2f"
            + " (throughput > 1 and latency < 1 favour qtalk)%n",
            callers, q.callsPerSecond() / g.callsPerSecond(), q.p50Micros() / g.p50Micros(), q.p99Micros() / g.p99Micros());
      }
    } finally {
      session.close();
      listener.close();
      channel.shutdownNow();
      grpcServer.shutdownNow();
    }
  }

  static Result measure(Caller caller, int callers, Duration run) throws Exception {
    long end = System.nanoTime() + run.toNanos();
    long[][] latencies = new long[callers][];
    int[] counts = new int[callers];
    try (ExecutorService pool = PLATFORM ? Executors.newFixedThreadPool(callers) : Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?>[] done = new Future<?>[callers];
      long started = System.nanoTime();
      for (int t = 0; t < callers; t++) {
        int me = t;
        done[t] = pool.submit(() -> {
          long[] lat = new long[1 << 16];
          int n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            byte[] back = caller.call(PAYLOAD);
            long dt = System.nanoTime() - t0;
            if (back.length != PAYLOAD.length) {
              throw new IllegalStateException("echo returned " + back.length + " bytes");
            }
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = dt;
          }
          latencies[me] = lat;
          counts[me] = n;
          return null;
        });
      }
      for (Future<?> f : done) {
        f.get(run.toSeconds() + 60, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int at = 0;
      for (int t = 0; t < callers; t++) {
        System.arraycopy(latencies[t], 0, all, at, counts[t]);
        at += counts[t];
      }
      Arrays.sort(all);
      return new Result(total / seconds, all[total / 2] / 1e3, all[(int) (total * 0.99)] / 1e3);
    }
  }

  /** The identity marshaller: no code generation needed. */
  static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
