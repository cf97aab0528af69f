package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.PeerIdentity;
import dev.qtalk.StandardOptions;
import dev.qtalk.tls.TlsMaterial;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * JDK TLS set-up shared by {@code qmux+tls} and {@code qmux+wss}, from {@link
 * StandardOptions#TLS_KEY_MANAGER}, {@link StandardOptions#TLS_TRUST_MANAGER} and {@link
 * StandardOptions#TLS_INSECURE}. A client verifies the server's certificate chain and host name
 * unless {@code TLS_INSECURE} is set.
 */
final class TlsSupport {
  private TlsSupport() {}

  /** A client context: the configured (or the JDK's default) trust, or none when insecure. */
  static SSLContext clientContext(Options options) throws IOException {
    KeyManagerFactory kmf = TlsMaterial.keyManagers(options).orElse(null);
    return context(kmf == null ? null : kmf.getKeyManagers(), trustManagers(options));
  }

  /** A server context; a server must have its key material. */
  static SSLContext serverContext(String scheme, Options options) throws IOException {
    KeyManagerFactory kmf = TlsMaterial.keyManagers(options).orElseThrow(() -> new IllegalArgumentException(
        scheme + " listen: no server key (expected: StandardOptions.TLS_CERTIFICATE_CHAIN and TLS_PRIVATE_KEY,"
            + " text cert=chain.pem&key=key.pem, or TLS_KEY_MANAGER)"));
    return context(kmf.getKeyManagers(), trustManagers(options));
  }

  /** Client parameters: host name verification on unless insecure or pinned. */
  static SSLParameters clientParameters(SSLParameters params, Options options) {
    if (!options.get(StandardOptions.TLS_INSECURE) && options.get(StandardOptions.TLS_PINNED_SHA256) == null) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
    }
    return params;
  }

  /** Asks clients for certificates as {@link StandardOptions#TLS_CLIENT_AUTH} says. */
  static SSLServerSocket clientAuth(SSLServerSocket server, Options options) {
    switch (TlsMaterial.clientAuth(options)) {
      case REQUIRE -> server.setNeedClientAuth(true);
      case OPTIONAL -> server.setWantClientAuth(true);
      case NONE -> { }
    }
    return server;
  }

  /**
   * The client's TLS over a connected socket: the host name checked unless insecure or pinned,
   * the handshake done within {@code timeoutMillis} ({@link #handshake}).
   */
  static SSLSocket clientHandshake(Socket raw, String host, int port, Options options, int timeoutMillis)
      throws IOException {
    SSLSocket tls = (SSLSocket) clientContext(options).getSocketFactory().createSocket(raw, host, port, true);
    tls.setSSLParameters(clientParameters(tls.getSSLParameters(), options));
    handshake(tls, timeoutMillis);
    return tls;
  }

  /** The verified peer of a completed handshake, if it presented a certificate. */
  static Connection identified(Connection c, SSLSocket socket) {
    return PeerIdentity.of(socket.getSession()).<Connection>map(id -> new IdentifiedConnection(c, id)).orElse(c);
  }

  /**
   * Completes the handshake within {@code timeoutMillis} in total, however slowly the peer's bytes
   * arrive (a timer closes the socket at the deadline), then lifts the read timeout.
   */
  static void handshake(SSLSocket socket, int timeoutMillis) throws IOException {
    java.util.concurrent.ScheduledFuture<?> deadline =
        Timers.SHARED.schedule(
            () -> {
              try {
                socket.close();
              } catch (IOException e) {
                // closing is all we wanted
              }
            },
            timeoutMillis,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    socket.setSoTimeout(timeoutMillis);
    try {
      socket.startHandshake();
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("TLS handshake: no answer within " + timeoutMillis + " ms");
    } catch (IOException e) {
      if (deadline.isDone()) {
        throw new SocketTimeoutException("TLS handshake: not finished within " + timeoutMillis + " ms");
      }
      throw e;
    } finally {
      deadline.cancel(false);
    }
    if (deadline.isDone() && !deadline.isCancelled()) {
      throw new SocketTimeoutException("TLS handshake: not finished within " + timeoutMillis + " ms");
    }
    socket.setSoTimeout(0);
  }

  private static TrustManager[] trustManagers(Options options) {
    if (options.get(StandardOptions.TLS_INSECURE)) {
      return new TrustManager[] {new TrustAll()};
    }
    var pinned = TlsMaterial.pinned(options);
    if (pinned.isPresent()) {
      return new TrustManager[] {pinned.get()};
    }
    return TlsMaterial.trustManagers(options).map(TrustManagerFactory::getTrustManagers).orElse(null);
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS set-up failed: " + e.getMessage(), e);
    }
  }

  /** Accepts every certificate: only with {@link StandardOptions#TLS_INSECURE}, for tests. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
