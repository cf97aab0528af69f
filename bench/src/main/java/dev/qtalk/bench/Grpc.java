package dev.qtalk.bench;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gRPC-java baseline: a plaintext Netty server and channel on loopback with hand-written
 * method descriptors over a {@code byte[]} marshaller (no code generation). {@code direct} runs
 * handlers and callbacks on gRPC's event loops ({@code directExecutor()}, its fastest setting for
 * handlers that never block); otherwise gRPC's default executor.
 */
public final class Grpc implements AutoCloseable {
  static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> SINK = method("Sink", MethodDescriptor.MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> EMPTY = method("Empty", MethodDescriptor.MethodType.BIDI_STREAMING);

  private final io.grpc.Server server;
  private final ManagedChannel channel;

  public Grpc(boolean direct) throws IOException {
    NettyServerBuilder sb = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service());
    if (direct) {
      sb.directExecutor();
    }
    server = sb.build().start();
    NettyChannelBuilder cb = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext();
    if (direct) {
      cb.directExecutor();
    }
    channel = cb.build();
  }

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Bench", name))
        .setRequestMarshaller(Bytes.INSTANCE)
        .setResponseMarshaller(Bytes.INSTANCE)
        .build();
  }

  private static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder("bench.Bench")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(req);
          out.onCompleted();
        }))
        .addMethod(SINK, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
          long total;

          @Override
          public void onNext(byte[] value) {
            total += value.length;
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onNext(java.nio.ByteBuffer.allocate(8).putLong(total).array());
            out.onCompleted();
          }
        }))
        .addMethod(EMPTY, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
          @Override
          public void onNext(byte[] value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .build();
  }

  /** One unary echo call, blocking. */
  public byte[] echo(byte[] payload) {
    return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, payload);
  }

  /** One bidi call that the client half-closes at once and the server ends at once. */
  public void empty() throws Exception {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(EMPTY, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.halfClose();
    Status status = closed.get(1, TimeUnit.MINUTES);
    if (!status.isOk()) {
      throw new IllegalStateException("gRPC empty call: " + status);
    }
  }

  /**
   * Streams {@code bytes} in {@link ChannelTransfer#CHUNK}-byte messages on one bidi call, paced by
   * gRPC's flow control ({@code isReady}); done when the server's count of what it received is back.
   */
  public void bulk(long bytes) throws Exception {
    ReentrantLock lock = new ReentrantLock();
    Condition ready = lock.newCondition();
    CompletableFuture<Long> count = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(SINK, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        count.complete(java.nio.ByteBuffer.wrap(message).getLong());
      }

      @Override
      public void onReady() {
        lock.lock();
        try {
          ready.signalAll();
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (!status.isOk()) {
          count.completeExceptionally(status.asException());
        }
        lock.lock();
        try {
          ready.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }, new Metadata());
    call.request(1);
    byte[] chunk = new byte[ChannelTransfer.CHUNK];
    for (long sent = 0; sent < bytes; sent += chunk.length) {
      lock.lock();
      try {
        while (!call.isReady() && !count.isDone()) {
          ready.await(1, TimeUnit.SECONDS);
        }
      } finally {
        lock.unlock();
      }
      int n = (int) Math.min(chunk.length, bytes - sent);
      call.sendMessage(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
    }
    call.halfClose();
    long got = count.get(5, TimeUnit.MINUTES);
    if (got != bytes) {
      throw new IllegalStateException("gRPC received " + got + " of " + bytes + " bytes");
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The identity marshaller. */
  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

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
