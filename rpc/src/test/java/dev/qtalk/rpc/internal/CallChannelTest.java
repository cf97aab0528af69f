package dev.qtalk.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a watcher reads from a call's channel reaches the handler untouched, in order. */
@Timeout(30)
class CallChannelTest {

  /** Two sessions over the in-memory transport. */
  private record Pair(Session client, Session server) implements AutoCloseable {
    static Pair open() throws Exception {
      try (SessionListener l = Transports.listen(URI.create("mem:call-channel-" + UUID.randomUUID()), Options.defaults())) {
        Session client = Transports.connect(l.uri(), Options.defaults());
        return new Pair(client, l.accept());
      }
    }

    @Override
    public void close() {
      client.close();
      server.close();
    }
  }

  @Test
  void bytesTheWatcherReadsComeFirstThenTheRestThenTheEnd() throws Exception {
    try (Pair p = Pair.open()) {
      Session client = p.client();
      Session server = p.server();
      CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return server.accept();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Channel caller = client.open();
      CallChannel call = new CallChannel(accepted.get(10, TimeUnit.SECONDS));
      caller.write(ByteBuffer.wrap("watched".getBytes(StandardCharsets.UTF_8)));

      assertThat(call.watch()).as("the caller has not hung up").isTrue();
      // the watcher holds "watched" now; what follows must come after it
      byte[] rest = "-and-then-more-".repeat(1000).getBytes(StandardCharsets.UTF_8);
      caller.write(ByteBuffer.wrap(rest));
      caller.closeWrite();

      ByteArrayOutputStream got = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(3); // smaller than what the watcher holds
      int n;
      while ((n = call.read(buf.clear())) >= 0) {
        got.write(buf.array(), 0, n);
      }
      assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("watched" + new String(rest, StandardCharsets.UTF_8));
      assertThat(call.watch()).as("the caller's side has ended").isFalse();
      caller.close();
    }
  }

  @Test
  void aCallerThatHangsUpAfterSendingWhatNobodyReadIsStillSeen() throws Exception {
    // the handler never reads the value the watcher took: a second watch must not wait for it
    try (Pair p = Pair.open()) {
      Session client = p.client();
      Session server = p.server();
      Channel caller = client.open();
      CallChannel call = new CallChannel(server.accept());
      caller.write(ByteBuffer.wrap("unread".getBytes(StandardCharsets.UTF_8)));
      assertThat(call.watch()).isTrue();
      caller.close();
      assertThat(call.watch()).as("the caller hung up").isFalse();
      // and what it sent is still there, in order, before the end
      ByteBuffer buf = ByteBuffer.allocate(64);
      assertThat(call.read(buf)).isEqualTo(6);
      assertThat(new String(buf.array(), 0, 6, StandardCharsets.UTF_8)).isEqualTo("unread");
    }
  }

  @Test
  void aWatcherStopsTakingOnceItHoldsItsLimit() throws Exception {
    try (Pair p = Pair.open()) {
      Session client = p.client();
      Session server = p.server();
      Channel caller = client.open();
      CallChannel call = new CallChannel(server.accept());
      byte[] lots = new byte[CallChannel.WATCH_LIMIT + 10_000];
      new java.util.Random(7).nextBytes(lots);
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          caller.write(ByteBuffer.wrap(lots));
          caller.closeWrite();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      while (call.heldBytes() < CallChannel.WATCH_LIMIT) {
        assertThat(call.watch()).isTrue();
      }
      assertThat(call.heldBytes()).isLessThanOrEqualTo(CallChannel.WATCH_LIMIT + 4096);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      int n;
      while ((n = call.read(buf.clear())) >= 0) {
        got.write(buf.array(), 0, n);
      }
      assertThat(got.toByteArray()).isEqualTo(lots);
      sent.get(10, TimeUnit.SECONDS);
      caller.close();
    }
  }

  @Test
  void aWatchThatSeesTheEndLeavesItForTheHandler() throws Exception {
    try (Pair p = Pair.open()) {
      Session client = p.client();
      Session server = p.server();
      Channel caller = client.open();
      CallChannel call = new CallChannel(server.accept());
      caller.closeWrite();
      assertThat(call.watch()).as("the caller hung up").isFalse();
      assertThat(call.read(ByteBuffer.allocate(8))).isEqualTo(-1);
      caller.close();
    }
  }
}
