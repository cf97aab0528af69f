package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Selectors that reach Go: {@code @Selector} and {@link SelectorNaming} on proxies and handlers. */
@Timeout(30)
class SelectorNamingTest {
  public interface Text {
    String upper(String s) throws IOException;

    @Selector("Reverse")
    String reverseIt(String s) throws IOException;
  }

  /** A mux named the way qtalk-go's fn.HandlerFrom names a struct's methods: exactly the Go names. */
  private static RespondMux goStyle() {
    return RespondMux.create()
        .handle("text.Upper", (r, c) -> r.reply(c.receive(List.class).get(0).toString().toUpperCase()))
        .handle("text.Reverse", (r, c) ->
            r.reply(new StringBuilder(c.receive(List.class).get(0).toString()).reverse().toString()));
  }

  @Test
  void goExportedNamesReachHandlersNamedTheGoWay() throws Exception {
    try (MemPair p = MemPair.open()) {
      Server.of(goStyle()).start(p.server());
      Client client = Client.of(p.client());
      Text go = client.proxy(Text.class, "text", SelectorNaming.GO_EXPORTED);
      assertThat(go.upper("hi")).isEqualTo("HI");
      assertThat(go.reverseIt("abc")).as("@Selector wins over the naming").isEqualTo("cba");

      Text asIs = client.proxy(Text.class, "text");
      assertThatThrownBy(() -> asIs.upper("hi"))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: not found: /text/upper");
      assertThat(asIs.reverseIt("abc")).as("@Selector applies under any naming").isEqualTo("cba");
    }
  }

  public static final class TextImpl implements Text {
    @Override
    public String upper(String s) {
      return s.toUpperCase();
    }

    @Override
    public String reverseIt(String s) {
      return new StringBuilder(s).reverse().toString();
    }
  }

  @Test
  void handlersServeUnderTheNamesAGoClientCalls() throws Exception {
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("text", Handlers.from(new TextImpl(), Text.class, SelectorNaming.GO_EXPORTED)))
          .start(p.server());
      Client client = Client.of(p.client());
      // raw calls, as a Go client would make them
      assertThat(client.call("text.Upper", List.of("go"), String.class)).isEqualTo("GO");
      assertThat(client.call("text.Reverse", List.of("go"), String.class)).isEqualTo("og");
      assertThatThrownBy(() -> client.call("text.upper", List.of("go")))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: not found: /text/upper");
    }
  }

  @Test
  void namingsTurnMethodNamesIntoSelectors() {
    assertThat(SelectorNaming.AS_IS.selectorFor("getUser")).isEqualTo("getUser");
    assertThat(SelectorNaming.GO_EXPORTED.selectorFor("getUser")).isEqualTo("GetUser");
    assertThat(SelectorNaming.LOWER_CAMEL.selectorFor("GetUser")).isEqualTo("getUser");
    assertThat(SelectorNaming.LOWER_CAMEL.selectorFor("")).isEmpty();
  }

  public interface Clash {
    void a();

    @Selector("A")
    void b();
  }

  @Test
  void twoMethodsUnderOneSelectorAreRefused() {
    Clash impl = new Clash() {
      @Override
      public void a() {}

      @Override
      public void b() {}
    };
    assertThatThrownBy(() -> Handlers.from(impl, Clash.class, SelectorNaming.GO_EXPORTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("selector A of method");
  }
}
