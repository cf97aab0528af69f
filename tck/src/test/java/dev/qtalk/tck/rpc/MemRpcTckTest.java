package dev.qtalk.tck.rpc;

import dev.qtalk.Options;
import dev.qtalk.tck.SessionPair;
import java.net.URI;
import java.util.UUID;

/** The rpc rules on the in-memory qmux transport. */
class MemRpcTckTest extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(URI.create("mem:rpc-tck-" + UUID.randomUUID()), options);
  }
}
