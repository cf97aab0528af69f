package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent unary calls over one QUIC session, with a stream limit far below the number of
 * calls: every stream a call used must be freed and its credit returned to the caller, or the
 * callers stall waiting to open one; and every reply must reach its caller (a caller once waited
 * forever for a reply). Each call has a deadline, so a lost one fails the test.
 */
class QuicRpcConcurrencyTest {
  private static final int CALLERS = 64;
  private static final int CALLS_EACH = 40;

  @Test
  void sixtyFourCallersOverFewStreamsAllReturn() throws Exception {
    Options options = Options.builder()
        .set(StandardOptions.MAX_CHANNELS, 16)
        .set(StandardOptions.OPEN_TIMEOUT, Duration.ofSeconds(20))
        .build();
    Server server = Server.of(RespondMux.create().handle("echo", (r, c) -> r.reply(c.receive(byte[].class))));
    try (QuicTestSupport.Pair pair = QuicTestSupport.pair(options);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      server.start(pair.server());
      Client client = Client.builder(pair.client()).codec(Codec.cbor()).timeout(Duration.ofSeconds(30)).build();
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < CALLERS; t++) {
        byte[] payload = QuicTestSupport.pattern(64, t);
        done.add(callers.submit(() -> {
          int ok = 0;
          for (int i = 0; i < CALLS_EACH; i++) {
            assertThat(client.call("echo", payload, byte[].class)).isEqualTo(payload);
            ok++;
          }
          return ok;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(2, TimeUnit.MINUTES);
      }
      assertThat(total).isEqualTo(CALLERS * CALLS_EACH);
      // the streams came back: another round of calls still opens them
      byte[] last = QuicTestSupport.pattern(64, 99);
      assertThat(client.call("echo", last, byte[].class)).isEqualTo(last);
    }
  }
}
