package dev.qtalk.tck.rpc;

import dev.qtalk.Options;
import dev.qtalk.tck.SessionPair;
import java.net.URI;

/** The rpc rules on qmux over loopback TCP. */
class TcpRpcTckTest extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(URI.create("qmux+tcp://127.0.0.1:0"), options);
  }
}
