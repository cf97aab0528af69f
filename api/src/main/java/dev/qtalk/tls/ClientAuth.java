package dev.qtalk.tls;

/**
 * Whether a TLS server asks its clients for a certificate (mutual TLS), for {@link
 * dev.qtalk.StandardOptions#TLS_CLIENT_AUTH}. A client certificate is verified against the
 * server's trust ({@code TLS_TRUST_MANAGER} or {@code TLS_PINNED_SHA256}); a refused one ends the
 * handshake, so no session is made.
 *
 * @since 0.1
 */
public enum ClientAuth {
  /** No client certificate is asked for (the default). */
  NONE,
  /** A client certificate is asked for and verified when sent; clients without one are let in. */
  OPTIONAL,
  /** Every client must present a certificate the server trusts. */
  REQUIRE
}
