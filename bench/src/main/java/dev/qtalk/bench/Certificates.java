package dev.qtalk.bench;

import dev.qtalk.quic.SelfSignedCertificate;

/** One self-signed certificate for every TLS scenario of a run (QUIC, qmux+tls, raw TLS). */
final class Certificates {
  private Certificates() {}

  private static final class Holder {
    static final SelfSignedCertificate CERT = SelfSignedCertificate.create();
  }

  static SelfSignedCertificate get() {
    return Holder.CERT;
  }
}
