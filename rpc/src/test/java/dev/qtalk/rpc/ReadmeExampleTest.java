package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ten-line example of rpc/README.md, run as written (on port 0 instead of 7000). */
@Timeout(30)
class ReadmeExampleTest {
  public interface MathApi {
    int add(int a, int b);
  }

  public static final class MathImpl implements MathApi {
    @Override
    public int add(int a, int b) {
      return a + b;
    }
  }

  @Test
  void readmeExampleRuns() throws Exception {
    // server: serve "echo" and a bound object on every session that connects
    RespondMux mux = RespondMux.create()
        .handle("echo", (r, call) -> r.reply(call.receive()))
        .handle("math", Handlers.from(new MathImpl(), MathApi.class)); // math.add([1, 2]) -> 3
    SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
    Thread.ofVirtual().start(() -> { try { Server.of(mux).serve(listener); } catch (IOException e) { } });

    // client
    Client client = Client.of(Transports.connect(listener.uri()));
    String hello = client.call("echo", "hello", String.class);
    int three = client.proxy(MathApi.class, "math").add(1, 2);

    assertThat(hello).isEqualTo("hello");
    assertThat(three).isEqualTo(3);
    client.session().close();
    listener.close();
  }
}
