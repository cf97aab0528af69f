package dev.qtalk.tck.rpc;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The rpc rules on qmux over a loopback WebSocket. */
class WsRpcTckTest extends RpcTck {
  // Closing the qmux+ws listener also ended the sessions it had accepted (seen at 8c828ba), so
  // listeners stay open until the test ends.
  private final List<SessionListener> listeners = new ArrayList<>();

  @Override
  protected SessionPair connect(Options options) throws Exception {
    SessionListener l = Transports.listen(URI.create("qmux+ws://127.0.0.1:0/rpc"), options);
    listeners.add(l);
    Session client = Transports.connect(l.uri(), options);
    return new SessionPair(client, l.accept());
  }

  @AfterEach
  void closeListeners() {
    listeners.forEach(SessionListener::close);
    listeners.clear();
  }
}
