package dev.qtalk.tck.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.FrameTooLargeException;
import dev.qtalk.rpc.Handler;
import dev.qtalk.rpc.RemoteException;
import dev.qtalk.rpc.ReplyException;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Response;
import dev.qtalk.rpc.Server;
import dev.qtalk.tck.SessionPair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * The rpc rules (RPC-*) of {@code tck/SPEC.md}: rpc behaviour that must hold on any transport. A
 * transport runs them with a short subclass:
 *
 * <pre>{@code
 * class MyTransportRpcTckTest extends RpcTck {
 *   protected SessionPair connect(Options options) throws Exception { ... }
 * }
 * }</pre>
 *
 * Streaming rules end each direction with a half-close, so the transport needs {@code closeWrite()}.
 *
 * @since 0.1
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class RpcTck {
  /** The liveness bound for what must happen promptly. */
  protected static final long PROMPT_SECONDS = 10;

  /** Makes a fresh pair of connected sessions of the transport under test. */
  protected abstract SessionPair connect(Options options) throws Exception;

  /**
   * The name of this run in reports; by default the class name without "TckTest" ({@code
   * WsRpcTckTest} reports as {@code WsRpc}, apart from the channel kit's {@code Ws}).
   */
  protected String transportName() {
    String n = getClass().getSimpleName();
    return n.endsWith("TckTest") && n.length() > 7 ? n.substring(0, n.length() - 7) : n;
  }

  private final List<SessionPair> pairs = new ArrayList<>();

  @BeforeEach
  final void describe(TestReporter reporter) {
    reporter.publishEntry("tck.transport", transportName());
  }

  /** A connected pair, closed after the test. */
  protected final SessionPair pair() throws Exception {
    SessionPair p = connect(Options.defaults());
    pairs.add(p);
    return p;
  }

  @AfterEach
  final void closePairs() {
    pairs.forEach(SessionPair::close);
    pairs.clear();
  }

  /** A pair whose server side serves {@code handler} with {@code server}'s settings. */
  private SessionPair serving(Server server) throws Exception {
    SessionPair p = pair();
    server.start(p.server());
    return p;
  }

  private SessionPair serving(RespondMux mux) throws Exception {
    return serving(Server.of(mux));
  }

  private static Client client(SessionPair p) {
    return Client.of(p.client());
  }

  private static RespondMux echo() {
    return RespondMux.create().handle("echo", (r, c) -> r.reply(c.receive()));
  }

  @Test
  @DisplayName("RPC-1 unary: a value comes back, typed, in both codecs and both dialects")
  void unary() throws Exception {
    SessionPair p = serving(echo());
    record Flavour(Codec codec, Dialect dialect) {}
    for (Flavour f :
        List.of(
            new Flavour(Codec.json(), Dialect.QTALK),
            new Flavour(Codec.cbor(), Dialect.QTALK),
            new Flavour(Codec.jsonCompact(), Dialect.DUPLEX),
            new Flavour(Codec.cbor(), Dialect.DUPLEX))) {
      Client c = Client.builder(p.client()).codec(f.codec()).dialect(f.dialect()).build();
      assertThat(c.call("echo", "hello", String.class)).as("%s", f).isEqualTo("hello");
      assertThat(c.call("echo", 42, Integer.class)).as("%s", f).isEqualTo(42);
      assertThat(c.call("echo", true, Boolean.class)).as("%s", f).isTrue();
      assertThat(c.call("echo", Map.of("k", List.of(1, 2)), new TypeReference<Map<String, List<Integer>>>() {}))
          .as("%s", f)
          .isEqualTo(Map.of("k", List.of(1, 2)));
      assertThat(c.call("echo", null).isNull()).as("%s", f).isTrue();
    }
  }

  @Test
  @DisplayName("RPC-2 replies: several values arrive in order; a handler that answers nothing gives null")
  void replies() throws Exception {
    SessionPair p =
        serving(
            RespondMux.create()
                .handle("three", (r, c) -> r.reply(1, "two", 3.5))
                .handle("silent", (r, c) -> c.receive())
                .handle("empty", (r, c) -> r.reply()));
    Client c = client(p);
    Response three = c.invoke("three", null);
    assertThat(three.values()).hasSize(3);
    assertThat(three.value(0, Integer.class)).isEqualTo(1);
    assertThat(three.value(1, String.class)).isEqualTo("two");
    assertThat(three.value(2, Double.class)).isEqualTo(3.5);
    assertThat(c.invoke("silent", "x").values()).hasSize(1).allMatch(JsonNode::isNull);
    assertThat(c.invoke("empty", "x").values()).hasSize(1).allMatch(JsonNode::isNull);
  }

  @Test
  @DisplayName("RPC-3 errors: an error answer or a thrown exception reaches the caller as a remote error")
  void errors() throws Exception {
    SessionPair p =
        serving(
            RespondMux.create()
                .handle("fail", (r, c) -> r.error("boom: " + c.receive(String.class)))
                .handle(
                    "throw",
                    (r, c) -> {
                      throw new IllegalStateException("bad state");
                    })
                .handle("echo", (r, c) -> r.reply(c.receive())));
    Client c = client(p);
    assertThatThrownBy(() -> c.call("fail", "x"))
        .isInstanceOf(RemoteException.class)
        .hasMessage("remote: boom: x")
        .extracting(e -> ((RemoteException) e).remoteMessage())
        .isEqualTo("boom: x");
    // a thrown exception's text stays in the server's log; the caller gets a generic one
    assertThatThrownBy(() -> c.call("throw", null))
        .isInstanceOf(RemoteException.class)
        .extracting(e -> ((RemoteException) e).remoteMessage())
        .isEqualTo(ReplyException.GENERIC);
    assertThat(c.call("echo", "after", String.class)).as("the session survives").isEqualTo("after");
  }

  @Test
  @DisplayName("RPC-4 not found: an unknown selector gets \"not found: <selector>\" in canonical form")
  void notFound() throws Exception {
    SessionPair p = serving(echo());
    assertThatThrownBy(() -> client(p).call("missing.thing", null))
        .isInstanceOf(RemoteException.class)
        .extracting(e -> ((RemoteException) e).remoteMessage())
        .isEqualTo("not found: /missing/thing");
  }

  @Test
  @DisplayName("RPC-5 streaming: a continued call carries values both ways until each side's EOF")
  void streaming() throws Exception {
    Handler doubler =
        (r, c) -> {
          c.receive();
          r.continueWith("ready");
          int n = 0;
          for (Optional<JsonNode> v = c.next(); v.isPresent(); v = c.next()) {
            r.send(v.get().asInt() * 2);
            n++;
          }
          r.send(Map.of("count", n));
          c.channel().closeWrite();
        };
    SessionPair p = serving(RespondMux.create().handle("double", doubler));
    try (Response r = client(p).invoke("double", null)) {
      assertThat(r.continued()).isTrue();
      assertThat(r.value(String.class)).isEqualTo("ready");
      int count = 200;
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < count; i++) {
                    r.send(i);
                  }
                  r.closeWrite();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      List<Integer> got = new ArrayList<>();
      JsonNode last = null;
      for (Optional<JsonNode> v = r.next(); v.isPresent(); v = r.next()) {
        if (v.get().isObject()) {
          last = v.get();
        } else {
          got.add(v.get().asInt());
        }
      }
      sending.get(PROMPT_SECONDS, TimeUnit.SECONDS);
      assertThat(got).hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(got.get(i)).isEqualTo(2 * i);
      }
      assertThat(last).isNotNull();
      assertThat(last.get("count").asInt()).isEqualTo(count);
    }
  }

  @Test
  @DisplayName("RPC-6 bytes: a continued call switches to raw bytes, 1 MiB each way")
  void bytes() throws Exception {
    Handler echoBytes =
        (r, c) -> {
          c.receive();
          Channel ch = r.continueWith((Object) null);
          ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
          while (ch.read(buf.clear()) >= 0) {
            buf.flip();
            while (buf.hasRemaining()) {
              ch.write(buf);
            }
          }
          ch.closeWrite();
        };
    SessionPair p = serving(RespondMux.create().handle("bytes", echoBytes));
    byte[] data = new byte[1 << 20];
    new java.util.Random(42).nextBytes(data);
    try (Response r = client(p).invoke("bytes", null)) {
      assertThat(r.continued()).isTrue();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  ByteBuffer b = ByteBuffer.wrap(data);
                  while (b.hasRemaining()) {
                    r.channel().write(b);
                  }
                  r.closeWrite();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream(data.length);
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (r.channel().read(buf.clear()) >= 0) {
        back.write(buf.array(), 0, buf.position());
      }
      sending.get(PROMPT_SECONDS * 3, TimeUnit.SECONDS);
      assertThat(back.size()).isEqualTo(data.length);
      assertThat(back.toByteArray()).isEqualTo(data);
    }
  }

  @Test
  @DisplayName("RPC-7 reverse calls: a handler calls back the caller over the same session")
  void reverseCalls() throws Exception {
    SessionPair p =
        serving(
            RespondMux.create()
                .handle(
                    "greet",
                    (r, c) -> {
                      String who = c.receive(String.class);
                      String title = c.caller().call("title", who, String.class);
                      r.reply("hello, " + title + " " + who);
                    }));
    Server.of(RespondMux.create().handle("title", (r, c) -> r.reply("dr." + c.receive(String.class).length())))
        .start(p.client());
    for (Client c :
        List.of(
            client(p),
            Client.builder(p.client()).codec(Codec.cbor()).dialect(Dialect.DUPLEX).build())) {
      assertThat(c.call("greet", "ada", String.class)).isEqualTo("hello, dr.3 ada");
    }
  }

  @Test
  @DisplayName("RPC-8 concurrency: calls on one session run at once, up to the server's bound")
  void concurrency() throws Exception {
    int calls = 16;
    CountDownLatch all = new CountDownLatch(calls);
    SessionPair p =
        serving(
            RespondMux.create()
                .handle(
                    "meet",
                    (r, c) -> {
                      all.countDown();
                      r.reply(all.await(PROMPT_SECONDS, TimeUnit.SECONDS));
                    }));
    Client c = client(p);
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      results.add(c.callAsync("meet", i, Boolean.class));
    }
    for (CompletableFuture<Boolean> r : results) {
      assertThat(r.get(PROMPT_SECONDS * 2, TimeUnit.SECONDS)).as("every call met the others").isTrue();
    }

    int bound = 3;
    int total = 3 * bound;
    AtomicInteger active = new AtomicInteger();
    AtomicInteger arrived = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Handler hold =
        (r, cl) -> {
          arrived.incrementAndGet();
          int now = active.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          // hold until the bound is reached (or no more calls can come), so that a server
          // without the bound shows more than `bound` calls at once
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROMPT_SECONDS);
          while (active.get() < bound && arrived.get() < total && System.nanoTime() < until) {
            Thread.sleep(5);
          }
          Thread.sleep(20);
          active.decrementAndGet();
          r.reply(now);
        };
    SessionPair q = serving(Server.builder(RespondMux.create().handle("hold", hold)).maxConcurrentCalls(bound).build());
    Client cq = client(q);
    List<CompletableFuture<Integer>> held = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      held.add(cq.callAsync("hold", i, Integer.class));
    }
    for (CompletableFuture<Integer> r : held) {
      r.get(PROMPT_SECONDS * 4, TimeUnit.SECONDS);
    }
    assertThat(peak.get()).as("calls running at once under maxConcurrentCalls=%d", bound).isEqualTo(bound);
  }

  /** A handler that waits for the caller to go away, and reports when it saw that. */
  private static Handler waitForEnd(CountDownLatch started, CompletableFuture<Boolean> sawEnd) {
    return (r, c) -> {
      c.receive();
      started.countDown();
      try {
        sawEnd.complete(c.next().isEmpty());
      } catch (java.io.IOException e) {
        sawEnd.complete(true);
      }
    };
  }

  @Test
  @DisplayName("RPC-9 cancellation: cancelling a call closes its channel; the handler sees the end")
  void cancellation() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Boolean> sawEnd = new CompletableFuture<>();
    SessionPair p = serving(echo().handle("hang", waitForEnd(started, sawEnd)));
    Client c = client(p);
    CompletableFuture<Response> call = c.invokeAsync("hang", null);
    assertThat(started.await(PROMPT_SECONDS, TimeUnit.SECONDS)).as("the handler started").isTrue();
    assertThat(call.cancel(true)).isTrue();
    assertThatThrownBy(() -> call.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(sawEnd.get(PROMPT_SECONDS, TimeUnit.SECONDS)).as("the handler saw the channel end").isTrue();
    assertThat(c.call("echo", "after", String.class)).as("the session survives").isEqualTo("after");
  }

  @Test
  @DisplayName("RPC-10 deadline: a call past its deadline fails with DeadlineExceededException and ends")
  void deadline() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Boolean> sawEnd = new CompletableFuture<>();
    SessionPair p = serving(echo().handle("hang", waitForEnd(started, sawEnd)));
    Client c = client(p).withTimeout(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> c.call("hang", null)).isInstanceOf(DeadlineExceededException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(PROMPT_SECONDS));
    assertThat(sawEnd.get(PROMPT_SECONDS, TimeUnit.SECONDS)).as("the handler saw the channel end").isTrue();
    assertThat(c.call("echo", "after", String.class)).as("the session survives").isEqualTo("after");
  }

  @Test
  @DisplayName("RPC-11 oversized frame: a frame over the limit fails that call only, both directions")
  void oversizedFrame() throws Exception {
    int limit = 64 * 1024;
    String big = "x".repeat(2 * limit);
    SessionPair p =
        serving(
            Server.builder(echo().handle("big", (r, c) -> r.reply(big))).maxFrameSize(limit).build());
    Client small = Client.builder(p.client()).maxFrameSize(limit).build();
    assertThatThrownBy(() -> small.call("big", null))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("exceeds the limit of " + limit);
    assertThat(small.call("echo", "after", String.class)).isEqualTo("after");

    Client c = client(p);
    assertThatThrownBy(() -> c.call("echo", big))
        .isInstanceOf(RemoteException.class)
        .extracting(e -> ((RemoteException) e).remoteMessage())
        .asString()
        .contains("exceeds the limit of " + limit);
    assertThat(c.call("echo", "after", String.class)).as("the session survives").isEqualTo("after");
  }
}
