package dev.qtalk.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.Options;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.StandardOptions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ssh} transport's own behaviour over a real loopback SSH connection. */
@Timeout(60)
class SshTransportTest {
  @TempDir Path dir;
  private Session client;
  private Session server;

  private void connect(Options options) throws Exception {
    Session[] pair = SshPairs.connect("ssh", dir, options);
    client = pair[0];
    server = pair[1];
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eitherSideOpensAChannelAndBytesFlowBothWays() throws Exception {
    connect(Options.defaults());
    for (Session[] ends : new Session[][] {{client, server}, {server, client}}) {
      Channel a = ends[0].open(Duration.ofSeconds(10));
      Channel b = ends[1].accept(Duration.ofSeconds(10));
      a.write(ascii("ping"));
      assertThat(readN(b, 4)).isEqualTo(bytes("ping"));
      b.write(ascii("pong"));
      assertThat(readN(a, 4)).isEqualTo(bytes("pong"));
      a.close();
      b.close();
    }
  }

  @Test
  void closeWriteSendsEofAndTheOtherDirectionStaysOpen() throws Exception {
    connect(Options.defaults());
    Channel a = client.open(Duration.ofSeconds(10));
    Channel b = server.accept(Duration.ofSeconds(10));
    a.write(ascii("last words"));
    a.closeWrite();
    assertThat(readAll(b)).isEqualTo(bytes("last words"));
    b.write(ascii("reply"));
    b.closeWrite();
    assertThat(readAll(a)).isEqualTo(bytes("reply"));
    assertThatThrownBy(() -> a.write(ascii("more"))).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void bulkDataThroughASmallWindowArrivesIntact() throws Exception {
    connect(Options.of(StandardOptions.WINDOW_SIZE, 8 * 1024));
    Channel a = client.open(Duration.ofSeconds(10));
    Channel b = server.accept(Duration.ofSeconds(10));
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(data);
    CompletableFuture<byte[]> received =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return readAll(b);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    a.write(ByteBuffer.wrap(data));
    a.closeWrite();
    assertThat(Arrays.equals(received.get(), data)).isTrue();
  }

  @Test
  void aWriterBlocksOnAFullWindowUntilTheReaderReads() throws Exception {
    connect(Options.of(StandardOptions.WINDOW_SIZE, 16 * 1024));
    Channel a = client.open(Duration.ofSeconds(10));
    Channel b = server.accept(Duration.ofSeconds(10));
    a.writeTimeout(Duration.ofMillis(500));
    assertThatThrownBy(() -> a.write(ByteBuffer.allocate(1024 * 1024)))
        .isInstanceOf(java.net.SocketTimeoutException.class);
    // what was sent is readable, and reading it frees the writer
    a.writeTimeout(Duration.ZERO);
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    assertThat(b.read(buf)).isPositive();
  }

  @Test
  void peerCloseEndsTheStreamAndSessionCloseFailsBlockedCalls() throws Exception {
    connect(Options.defaults());
    Channel a = client.open(Duration.ofSeconds(10));
    Channel b = server.accept(Duration.ofSeconds(10));
    a.write(ascii("bye"));
    a.close();
    assertThat(readAll(b)).isEqualTo(bytes("bye"));
    Blocking blocked = Blocking.start(server::accept).awaitBlocked();
    client.close();
    assertThat(blocked.get()).isInstanceOf(SessionClosedException.class);
    server.closeFuture().get();
    assertThat(server.isOpen()).isFalse();
    assertThatThrownBy(() -> server.open()).isInstanceOf(SessionClosedException.class);
  }

  @Test
  void opensBeyondTheAcceptBacklogAreRefused() throws Exception {
    connect(Options.of(StandardOptions.ACCEPT_BACKLOG, 2));
    client.open(Duration.ofSeconds(10));
    client.open(Duration.ofSeconds(10));
    assertThatThrownBy(() -> client.open(Duration.ofSeconds(10))).isInstanceOf(OpenRefusedException.class);
    server.accept(Duration.ofSeconds(10));
    assertThat(client.open(Duration.ofSeconds(10))).isNotNull();
  }

  @Test
  void refusedOpensDoNotFreePlacesUnderMaxChannels() throws Exception {
    connect(
        Options.builder()
            .set(StandardOptions.MAX_CHANNELS, 3)
            .set(StandardOptions.ACCEPT_BACKLOG, 1)
            .build());
    client.open(Duration.ofSeconds(10)); // waits in the server's backlog
    for (int i = 0; i < 5; i++) { // refused: backlog full
      assertThatThrownBy(() -> client.open(Duration.ofSeconds(10))).isInstanceOf(OpenRefusedException.class);
    }
    server.accept(Duration.ofSeconds(10));
    client.open(Duration.ofSeconds(10));
    server.accept(Duration.ofSeconds(10));
    client.open(Duration.ofSeconds(10));
    server.accept(Duration.ofSeconds(10));
    // three channels are open: the refusals above must not have made room for a fourth
    assertThatThrownBy(() -> client.open(Duration.ofSeconds(10))).isInstanceOf(OpenRefusedException.class);
    assertThatThrownBy(() -> server.open(Duration.ofSeconds(10))).isInstanceOf(OpenRefusedException.class);
  }

  @Test
  void aChannelNotAcceptedInTimeIsClosedAndFreesItsPlace() throws Exception {
    connect(
        Options.builder()
            .set(StandardOptions.ACCEPT_TIMEOUT, Duration.ofMillis(300))
            .set(StandardOptions.ACCEPT_BACKLOG, 1)
            .build());
    Channel waiting = client.open(Duration.ofSeconds(10));
    // never accepted: the server closes it, and the opener sees the end of the stream
    assertThat(waiting.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    Channel next = client.open(Duration.ofSeconds(10)); // the backlog has room again
    Channel accepted = server.accept(Duration.ofSeconds(10));
    next.write(ascii("x"));
    assertThat(readN(accepted, 1)).isEqualTo(bytes("x"));
  }

  static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(bytes(s));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] readN(Channel ch, int n) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new java.io.EOFException("after " + buf.position());
      }
    }
    return buf.array();
  }

  static byte[] readAll(Channel ch) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (ch.read(buf) >= 0) {
      out.write(buf.array(), 0, buf.position());
      buf.clear();
    }
    return out.toByteArray();
  }
}
