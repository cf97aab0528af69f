package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two peers on one session call each other at the same time. */
@Timeout(30)
class PeerTest {

  @Test
  void bothSidesCallAndServeAtOnce() throws Exception {
    try (MemPair p = MemPair.open()) {
      Peer left = Peer.builder(p.client()).codec(Codec.cbor()).build();
      Peer right = Peer.builder(p.server()).dialect(Dialect.DUPLEX).build();
      left.handle("name", (r, c) -> r.reply("left"));
      right.handle("name", (r, c) -> r.reply("right"));
      // a call that needs a call back the other way while it is in progress
      right.handle("greet", (r, c) -> r.reply("hi " + c.caller().call("name", null, String.class)));
      left.start();
      right.start();
      CompletableFuture<String> a = left.client().callAsync("greet", null, String.class);
      CompletableFuture<String> b = right.client().callAsync("name", null, String.class);
      assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("hi left");
      assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("left");
      assertThat(right.call("name", null, String.class)).isEqualTo("left");
      assertThat(left.call("name", null, String.class)).isEqualTo("right");
      left.close();
      assertThat(right.session().closeFuture().get(10, TimeUnit.SECONDS)).isNull();
    }
  }
}
