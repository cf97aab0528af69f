package dev.qtalk.tck.rpc;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import java.net.URI;
import java.util.UUID;

/** The rpc rules on the in-memory qmux transport. */
class MemRpcTckTest extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    try (SessionListener l = Transports.listen(URI.create("mem:rpc-tck-" + UUID.randomUUID()), options)) {
      Session client = Transports.connect(l.uri(), options);
      return new SessionPair(client, l.accept());
    }
  }
}
