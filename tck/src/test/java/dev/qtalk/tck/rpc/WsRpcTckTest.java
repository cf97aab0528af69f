package dev.qtalk.tck.rpc;

import dev.qtalk.Options;
import dev.qtalk.tck.SessionPair;
import java.net.URI;

/** The rpc rules on qmux over a loopback WebSocket. */
class WsRpcTckTest extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(URI.create("qmux+ws://127.0.0.1:0/rpc"), options);
  }
}
