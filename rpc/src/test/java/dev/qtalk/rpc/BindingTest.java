package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Methods as handlers (positional array arguments) and typed client proxies. */
@Timeout(30)
class BindingTest {

  public interface EchoService {
    String say(String text);

    int add(int a, int b) throws IOException;

    List<String> split(String text, String sep);

    void touch();

    CompletableFuture<String> later(String text);

    String fail(String why) throws IOException;

    default String shout(String text) {
      return say(text).toUpperCase();
    }
  }

  public static final class EchoImpl implements EchoService {
    volatile int touched;

    @Override
    public String say(String text) {
      return "echo: " + text;
    }

    @Override
    public int add(int a, int b) {
      return a + b;
    }

    @Override
    public List<String> split(String text, String sep) {
      return List.of(text.split(sep));
    }

    @Override
    public void touch() {
      touched++;
    }

    @Override
    public CompletableFuture<String> later(String text) {
      return CompletableFuture.supplyAsync(() -> "later: " + text);
    }

    @Override
    public String fail(String why) {
      throw new ReplyException("refused: " + why);
    }

    /** Not in the interface: bound by from(Object), not by from(Object, EchoService.class). */
    public String extra(String s, Call call) {
      return s + " via " + call.selector();
    }
  }

  @Test
  void proxyCallsBoundMethods() throws Exception {
    EchoImpl impl = new EchoImpl();
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("echo", Handlers.from(impl, EchoService.class))).start(p.server());
      for (Client c : List.of(Client.of(p.client()), Client.builder(p.client()).codec(Codec.cbor()).dialect(Dialect.DUPLEX).build())) {
        EchoService echo = c.proxy(EchoService.class, "echo");
        assertThat(echo.say("hi")).isEqualTo("echo: hi");
        assertThat(echo.add(2, 40)).isEqualTo(42);
        assertThat(echo.split("a,b,c", ",")).containsExactly("a", "b", "c");
        echo.touch();
        assertThat(echo.later("x").get(5, TimeUnit.SECONDS)).isEqualTo("later: x");
        assertThat(echo.shout("hi")).isEqualTo("ECHO: HI");
        assertThatThrownBy(() -> echo.fail("nope"))
            .isInstanceOf(RemoteException.class)
            .hasMessage("remote: refused: nope");
        assertThat(echo.toString()).contains("EchoService");
      }
      assertThat(impl.touched).isEqualTo(2);
    }
  }

  @Test
  void argumentsArriveAsAPositionalArray() throws Exception {
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("svc", Handlers.from(new EchoImpl()))).start(p.server());
      Client c = Client.of(p.client());
      assertThat(c.call("svc.add", List.of(1, 2), Integer.class)).isEqualTo(3);
      assertThat(c.call("svc.extra", List.of("x"), String.class)).isEqualTo("x via /svc/extra");
      assertThatThrownBy(() -> c.call("svc.add", List.of(1)))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: fn: expected 2 params, got 1");
      assertThatThrownBy(() -> c.call("svc.add", Map.of("a", 1)))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: fn: expected an array of 2 params, got OBJECT");
      assertThatThrownBy(() -> c.call("svc.add", List.of("one", 2)))
          .isInstanceOf(RemoteException.class)
          .hasMessageStartingWith("remote: fn: param 0:");
    }
  }

  @Test
  void proxyWrapsRemoteErrorsWhereTheMethodDeclaresNoIOException() throws Exception {
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create()).start(p.server());
      EchoService echo = Client.of(p.client()).proxy(EchoService.class, "echo");
      assertThatThrownBy(() -> echo.say("x"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(RemoteException.class)
          .hasMessageContaining("not found: /echo/say");
    }
  }

  public static final class Overloaded {
    public void a(int x) {}

    public void a(String x) {}
  }

  @Test
  void overloadedMethodsAreRefused() {
    assertThatThrownBy(() -> Handlers.from(new Overloaded()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overloaded");
  }
}
