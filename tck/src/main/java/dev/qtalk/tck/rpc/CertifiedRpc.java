package dev.qtalk.tck.rpc;

import dev.qtalk.Options;
import dev.qtalk.tck.SessionPair;
import java.net.URI;

/**
 * The rpc suite for a transport found through {@link java.util.ServiceLoader}, with no test code:
 * {@code Certify --rpc} runs this class beside the channel rules. Each pair listens at {@code
 * qtalk.tck.certify.listen}, connects on another thread, and accepts.
 *
 * @since 0.1
 */
public class CertifiedRpc extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(listenUri(), options);
  }

  @Override
  protected String transportName() {
    String name = System.getProperty("qtalk.tck.certify.name");
    return (name == null || name.isBlank() ? listenUri().getScheme() : name) + "-rpc";
  }

  private static URI listenUri() {
    String uri = System.getProperty("qtalk.tck.certify.listen");
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException("qtalk.tck.certify.listen is not set (expected: a URI to listen on)");
    }
    return URI.create(uri.trim());
  }
}
