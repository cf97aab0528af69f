package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Checks a connected pair of sessions of a real transport: channels both ways, bytes, half-close, close. */
final class Exchange {
  private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

  private Exchange() {}

  /**
   * Opens a channel each way, moves {@code bytes} of seeded random data in both directions at once
   * with the digests compared, half-closes each direction, and checks the ends of stream.
   */
  static void verify(Session client, Session server, int bytes) throws Exception {
    Channel fromClient = client.open(Duration.ofSeconds(10));
    Channel atServer = server.accept(Duration.ofSeconds(10));
    Channel fromServer = server.open(Duration.ofSeconds(10));
    Channel atClient = client.accept(Duration.ofSeconds(10));
    CompletableFuture<?> a = both(fromClient, atServer, bytes, 1);
    CompletableFuture<?> b = both(fromServer, atClient, bytes, 2);
    a.get(60, TimeUnit.SECONDS);
    b.get(60, TimeUnit.SECONDS);
    for (Channel ch : new Channel[] {fromClient, atServer, fromServer, atClient}) {
      ch.close();
    }
  }

  /** Each end sends {@code bytes} to the other, half-closes, and checks what it received. */
  private static CompletableFuture<?> both(Channel x, Channel y, int bytes, long seed) {
    return CompletableFuture.allOf(
        CompletableFuture.runAsync(() -> sendAndCheck(x, y, bytes, seed), THREADS),
        CompletableFuture.runAsync(() -> sendAndCheck(y, x, bytes, seed + 100), THREADS));
  }

  private static void sendAndCheck(Channel from, Channel to, int bytes, long seed) {
    try {
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> digestOfAll(to), THREADS);
      byte[] sent = writeRandom(from.outputStream(), bytes, seed);
      from.closeWrite();
      assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(sent);
    } catch (Exception e) {
      throw new AssertionError("exchange on channel " + from.id() + " failed", e);
    }
  }

  /** Writes seeded random bytes in chunks of varying size and returns their digest. */
  static byte[] writeRandom(OutputStream out, int bytes, long seed) throws IOException {
    Random r = new Random(seed);
    MessageDigest d = sha256();
    byte[] chunk = new byte[70_001];
    int left = bytes;
    while (left > 0) {
      int n = Math.min(left, 1 + r.nextInt(chunk.length));
      r.nextBytes(chunk);
      out.write(chunk, 0, n);
      d.update(chunk, 0, n);
      left -= n;
    }
    out.flush();
    return d.digest();
  }

  /** Reads to the end of stream and returns the digest of everything read. */
  static byte[] digestOfAll(Channel ch) {
    MessageDigest d = sha256();
    byte[] buf = new byte[32 * 1024];
    try {
      InputStream in = ch.inputStream(); // not closed: that would close the channel both ways
      int n;
      while ((n = in.read(buf)) >= 0) {
        d.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new AssertionError("reading channel " + ch.id() + " failed", e);
    }
    return d.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Closing one session releases a read blocked on the other side promptly, and both sessions'
   * threads finish.
   */
  static void verifyCloseReleases(Session closing, Session other) throws Exception {
    Channel mine = closing.open(Duration.ofSeconds(10));
    Channel theirs = other.accept(Duration.ofSeconds(10));
    Blocking blockedRead = Blocking.start(() -> theirs.inputStream().read()).awaitBlocked();
    Blocking blockedLocalRead = Blocking.start(() -> mine.inputStream().read()).awaitBlocked();
    closing.close();
    assertThat(blockedLocalRead.get()).isInstanceOf(IOException.class);
    Object remote = blockedRead.get();
    assertThat(remote).satisfiesAnyOf(r -> assertThat(r).isEqualTo(-1), r -> assertThat(r).isInstanceOf(IOException.class));
    closing.closeFuture().get(10, TimeUnit.SECONDS);
    other.closeFuture().get(10, TimeUnit.SECONDS);
    assertThat(other.isOpen()).isFalse();
  }
}
