package dev.qtalk.quic.internal;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.quic.QuicOptions;
import dev.qtalk.tls.ClientAuth;
import dev.qtalk.tls.TlsMaterial;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS 1.3 contexts of QUIC from {@link Options}: verification is on unless asked off. */
final class TlsContexts {
  private TlsContexts() {}

  static QuicSslContext server(Options options) throws IOException {
    KeyManagerFactory kmf = TlsMaterial.keyManagers(options).orElseThrow(() -> new IllegalArgumentException(
        "quic listen: no server key (expected: tlsKeyManager, or tlsCertificateChain and tlsPrivateKey"
            + " as in cert=chain.pem&key=key.pem,"
            + " e.g. SelfSignedCertificate.create(\"localhost\").serverOptions())"));
    QuicSslContextBuilder b = QuicSslContextBuilder.forServer(kmf, null)
        .applicationProtocols(options.get(QuicOptions.ALPN));
    ClientAuth auth = TlsMaterial.clientAuth(options);
    if (auth != ClientAuth.NONE) {
      var pinned = TlsMaterial.pinned(options);
      if (pinned.isPresent()) {
        b.trustManager(pinned.get());
      } else {
        b.trustManager(TlsMaterial.trustManagers(options).orElseGet(TlsContexts::jdkDefault));
      }
      b.clientAuth(auth == ClientAuth.REQUIRE
          ? io.netty.handler.ssl.ClientAuth.REQUIRE : io.netty.handler.ssl.ClientAuth.OPTIONAL);
    }
    return b.build();
  }

  static QuicSslContext client(Options options) throws IOException {
    QuicSslContextBuilder b = QuicSslContextBuilder.forClient()
        .applicationProtocols(options.get(QuicOptions.ALPN));
    X509Certificate pinned = options.get(QuicOptions.PINNED_CERTIFICATE);
    var pins = TlsMaterial.pinned(options);
    if (options.get(StandardOptions.TLS_INSECURE)) {
      // Netty 4.2 checks host names by default: off here, as for a pinned certificate.
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else if (pinned != null) {
      b.trustManager(new PinnedTrustManager(pinned)).endpointIdentificationAlgorithm(null);
    } else if (pins.isPresent()) {
      b.trustManager(pins.get()).endpointIdentificationAlgorithm(null);
    } else {
      TrustManagerFactory tmf = TlsMaterial.trustManagers(options).orElse(null);
      b.trustManager(tmf != null ? tmf : jdkDefault()).endpointIdentificationAlgorithm("HTTPS");
    }
    TlsMaterial.keyManagers(options).ifPresent(kmf -> b.keyManager(kmf, null));
    return b.build();
  }

  private static TrustManagerFactory jdkDefault() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      return tmf;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's default trust store cannot be loaded: " + e, e);
    }
  }
}
