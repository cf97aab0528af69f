package dev.qtalk.quic.internal;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.X509TrustManager;

/** Trusts one server certificate, compared byte for byte, and nothing else. */
final class PinnedTrustManager implements X509TrustManager {
  private final X509Certificate pinned;
  private final byte[] encoded;

  PinnedTrustManager(X509Certificate pinned) {
    this.pinned = pinned;
    try {
      this.encoded = pinned.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("pinned certificate cannot be encoded: " + e, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate (expected: the pinned one)");
    }
    if (!Arrays.equals(chain[0].getEncoded(), encoded)) {
      throw new CertificateException("the server's certificate " + chain[0].getSubjectX500Principal()
          + " is not the pinned certificate " + pinned.getSubjectX500Principal());
    }
    chain[0].checkValidity();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a pinned-certificate trust manager checks servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {pinned};
  }
}
