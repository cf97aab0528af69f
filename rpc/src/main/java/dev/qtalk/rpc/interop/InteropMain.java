package dev.qtalk.rpc.interop;

import dev.qtalk.Session;
import dev.qtalk.Transports;
import dev.qtalk.rpc.Server;
import java.io.IOException;
import java.net.URI;

/**
 * Serves {@link InteropService} over this process's standard input and output, for the reference
 * checker ({@code qtalk check "CMD"}) or {@link InteropChecker}:
 *
 * <pre>
 * java -cp "$(cat rpc/target/interop.classpath)" dev.qtalk.rpc.interop.InteropMain
 * </pre>
 *
 * <p>The class path needs qtalk-rpc, qtalk-api, Jackson and a transport with {@code qmux+stdio}
 * (qtalk-transport-qmux). Codec and dialect need no flag: each call is answered in the ones it
 * arrived in. Logs go to standard error; standard output carries qmux only. Exits when the checker
 * ends the session.
 *
 * @since 0.1
 */
public final class InteropMain {
  private InteropMain() {}

  public static void main(String[] args) throws IOException {
    Session session = Transports.connect(URI.create("qmux+stdio:-"));
    Server.of(InteropService.mux()).respond(session);
    System.exit(0);
  }
}
