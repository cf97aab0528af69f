package dev.qtalk.quic;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.rpc.RpcTck;
import java.net.URI;

/** The rpc suite over {@code quic}: every call a QUIC stream. */
class QuicRpcTckTest extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("quic://127.0.0.1:0"),
        Options.builder().setAll(options).setAll(QuicTestSupport.CERT.serverOptions()).build())) {
      Session client = Transports.connect(listener.uri(),
          Options.builder().setAll(options).setAll(QuicTestSupport.CERT.clientOptions()).build());
      return new SessionPair(client, listener.accept());
    }
  }
}
