package dev.qtalk.bench;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Bulk transfers over qtalk channels: the client writes {@code bytes} in {@link #CHUNK}-byte
 * writes and half-closes; a reader on the server reads to the end. A transfer is done when the
 * reader has every byte.
 */
public final class ChannelTransfer {
  /** The write size of every bulk scenario, qtalk and baselines alike. */
  public static final int CHUNK = 64 * 1024;

  private ChannelTransfer() {}

  /** One channel. */
  public static void once(Session client, Session server, long bytes) throws Exception {
    Channel out = client.open();
    Channel in = server.accept();
    CompletableFuture<Long> received = drainAsync(in);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    for (long sent = 0; sent < bytes; sent += CHUNK) {
      chunk.clear().limit((int) Math.min(CHUNK, bytes - sent));
      out.write(chunk);
    }
    out.closeWrite();
    check(received, bytes);
    out.close();
  }

  /** {@code channels} channels at once, each moving its share of {@code bytes}. */
  public static void parallel(Session client, Session server, long bytes, int channels) throws Exception {
    long each = Math.max(1, bytes / channels);
    CompletableFuture<?>[] done = new CompletableFuture<?>[channels];
    Channel[] outs = new Channel[channels];
    CompletableFuture<?>[] received = new CompletableFuture<?>[channels];
    for (int i = 0; i < channels; i++) {
      outs[i] = client.open();
      received[i] = drainAsync(server.accept());
    }
    for (int i = 0; i < channels; i++) {
      Channel out = outs[i];
      done[i] = CompletableFuture.runAsync(() -> {
        try {
          ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
          for (long sent = 0; sent < each; sent += CHUNK) {
            chunk.clear().limit((int) Math.min(CHUNK, each - sent));
            out.write(chunk);
          }
          out.closeWrite();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, Thread.ofVirtual()::start);
    }
    CompletableFuture.allOf(done).get(5, TimeUnit.MINUTES);
    for (int i = 0; i < channels; i++) {
      @SuppressWarnings("unchecked")
      CompletableFuture<Long> r = (CompletableFuture<Long>) received[i];
      check(r, each);
      outs[i].close();
    }
  }

  private static CompletableFuture<Long> drainAsync(Channel in) {
    CompletableFuture<Long> received = new CompletableFuture<>();
    Thread.ofVirtual().name("bench-reader").start(() -> {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      long total = 0;
      try (in) {
        for (int n; (n = in.read(buf.clear())) >= 0; ) {
          total += n;
        }
        received.complete(total);
      } catch (Throwable e) {
        received.completeExceptionally(e);
      }
    });
    return received;
  }

  static void check(CompletableFuture<Long> received, long sent) throws Exception {
    long got;
    try {
      got = received.get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the reader failed: " + e.getCause(), e.getCause());
    }
    if (got != sent) {
      throw new IllegalStateException("received " + got + " of " + sent + " bytes");
    }
  }
}
