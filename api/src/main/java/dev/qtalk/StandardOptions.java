package dev.qtalk;

import dev.qtalk.tls.CertificatePins;
import dev.qtalk.tls.ClientAuth;
import dev.qtalk.tls.PemFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Options that every transport understands where they apply. Every transport supports {@link
 * #SESSION_OPTIONS} (one may have nothing to do for a few: QUIC has no max packet size of its
 * own); the TLS transports ({@code qmux+tls}, {@code qmux+wss}, {@code quic}) also support {@link
 * #TLS_OPTIONS}. Giving a transport an option it does not support fails with an {@link
 * UnsupportedOptionException}.
 *
 * @since 0.1
 */
public final class StandardOptions {
  private StandardOptions() {}

  /** How many unread bytes one channel may hold: the receive window offered to the peer. */
  public static final Option<Integer> WINDOW_SIZE =
      Option.of("windowSize", Integer.class, 2 * 1024 * 1024, v -> v > 0, "> 0");

  /** The largest data message the peer may send on a channel (qmux: 9 to 2^31-1). */
  public static final Option<Integer> MAX_PACKET_SIZE =
      Option.of("maxPacketSize", Integer.class, 256 * 1024, v -> v >= 9, ">= 9");

  /** How many channels the peer may have opened that this side has not yet accepted. */
  public static final Option<Integer> ACCEPT_BACKLOG =
      Option.of("acceptBacklog", Integer.class, 1024, v -> v > 0, "> 0");

  /** How many channels may be open on one session at once; further opens are refused. */
  public static final Option<Integer> MAX_CHANNELS =
      Option.of("maxChannels", Integer.class, 65_536, v -> v > 0, "> 0");

  /** How long {@link Session#open()} waits for the peer to accept. */
  public static final Option<Duration> OPEN_TIMEOUT =
      Option.of("openTimeout", Duration.class, Duration.ofSeconds(30), StandardOptions::positive, "> 0");

  /** How long a channel the peer opened waits for {@link Session#accept()} before it is refused. */
  public static final Option<Duration> ACCEPT_TIMEOUT =
      Option.of("acceptTimeout", Duration.class, Duration.ofSeconds(30), StandardOptions::positive, "> 0");

  /** How long connecting (including any handshake) may take. */
  public static final Option<Duration> CONNECT_TIMEOUT =
      Option.of("connectTimeout", Duration.class, Duration.ofSeconds(10), StandardOptions::positive, "> 0");

  /** How long a session may stay silent before it is ended; zero (the default) means never. */
  public static final Option<Duration> IDLE_TIMEOUT =
      Option.of("idleTimeout", Duration.class, Duration.ZERO, d -> !d.isNegative(), ">= 0");

  /**
   * How long a session may go without hearing from the peer before this side checks that the peer
   * is alive (qmux sends a ping that every reference peer answers without its application; QUIC
   * and SSH use their own keepalives). Zero turns keepalive off.
   */
  public static final Option<Duration> KEEPALIVE_INTERVAL =
      Option.of("keepaliveInterval", Duration.class, Duration.ZERO, d -> !d.isNegative(), ">= 0");

  /**
   * How long a keepalive check waits for the peer's answer before the session ends as dead; every
   * blocked call then fails. Only used while {@link #KEEPALIVE_INTERVAL} is set.
   */
  public static final Option<Duration> KEEPALIVE_TIMEOUT =
      Option.of("keepaliveTimeout", Duration.class, Duration.ofSeconds(15), StandardOptions::positive, "> 0");

  /** How many sessions a listener holds at once; connections beyond it are closed at once. */
  public static final Option<Integer> MAX_SESSIONS =
      Option.of("maxSessions", Integer.class, 10_000, v -> v > 0, "> 0");

  /**
   * The total time a listener gives one incoming connection to finish its handshake (TLS,
   * WebSocket upgrade, SSH key exchange and authentication), however slowly its bytes arrive.
   */
  public static final Option<Duration> HANDSHAKE_TIMEOUT =
      Option.of("handshakeTimeout", Duration.class, Duration.ofSeconds(10), StandardOptions::positive, "> 0");

  /**
   * The key material a TLS, QUIC or WebSocket-over-TLS server presents (or a client, for mutual
   * TLS). As text: {@code chain.pem,key.pem}, or one file holding both. From PEM files, {@link
   * #TLS_CERTIFICATE_CHAIN} and {@link #TLS_PRIVATE_KEY} read better.
   */
  public static final Option<KeyManagerFactory> TLS_KEY_MANAGER =
      Option.builder("tlsKeyManager", KeyManagerFactory.class)
          .parser(StandardOptions::keyManager, "chain.pem,key.pem (PEM files: certificate chain, PKCS#8 key)")
          .build();

  /** The certificates to trust; unset means the JDK's default trust store. As text: a PEM bundle. */
  public static final Option<TrustManagerFactory> TLS_TRUST_MANAGER =
      Option.builder("tlsTrustManager", TrustManagerFactory.class)
          .alias("trust")
          .parser(text -> PemFiles.trustManagerFactory(Path.of(text.strip())), "a PEM file of CA certificates")
          .build();

  /**
   * The PEM file of the certificate chain to present, leaf first; used with {@link
   * #TLS_PRIVATE_KEY}, instead of {@link #TLS_KEY_MANAGER}.
   */
  public static final Option<Path> TLS_CERTIFICATE_CHAIN =
      Option.builder("tlsCertificateChain", Path.class).alias("cert").build();

  /** The PEM file of the unencrypted PKCS#8 private key (RSA or EC) of {@link #TLS_CERTIFICATE_CHAIN}. */
  public static final Option<Path> TLS_PRIVATE_KEY =
      Option.builder("tlsPrivateKey", Path.class).alias("key").build();

  /**
   * Turns certificate and host name verification off. For tests and development only: anyone on
   * the path can then read and change the traffic.
   */
  public static final Option<Boolean> TLS_INSECURE =
      Option.builder("tlsInsecure", Boolean.class).defaultValue(false).alias("insecure").build();

  /**
   * Whether a TLS server asks for client certificates (mutual TLS): none (the default), optional
   * or required. Client certificates are verified against {@link #TLS_TRUST_MANAGER} (or {@link
   * #TLS_PINNED_SHA256}); the verified chain is the session's {@link Session#peerIdentity()}.
   */
  public static final Option<ClientAuth> TLS_CLIENT_AUTH =
      Option.builder("tlsClientAuth", ClientAuth.class).defaultValue(ClientAuth.NONE).alias("clientAuth").build();

  /**
   * Trust exactly the peer certificates with these SHA-256 fingerprints (comma-separated hex,
   * colons allowed; see {@link dev.qtalk.tls.CertificatePins}) instead of a trust store; host
   * names are then not checked. On a client it pins the server; on a server with {@link
   * #TLS_CLIENT_AUTH}, the clients.
   */
  public static final Option<String> TLS_PINNED_SHA256 =
      Option.builder("tlsPinnedSha256", String.class)
          .alias("pin")
          .check(StandardOptions::pins, "SHA-256 fingerprints, 64 hex digits each")
          .build();

  /** The options every transport supports. */
  public static final List<Option<?>> SESSION_OPTIONS = List.of(
      WINDOW_SIZE, MAX_PACKET_SIZE, ACCEPT_BACKLOG, MAX_CHANNELS, OPEN_TIMEOUT, ACCEPT_TIMEOUT,
      CONNECT_TIMEOUT, IDLE_TIMEOUT, KEEPALIVE_INTERVAL, KEEPALIVE_TIMEOUT, MAX_SESSIONS,
      HANDSHAKE_TIMEOUT);

  /** The options every TLS transport ({@code qmux+tls}, {@code qmux+wss}, {@code quic}) supports. */
  public static final List<Option<?>> TLS_OPTIONS = List.of(
      TLS_KEY_MANAGER, TLS_TRUST_MANAGER, TLS_CERTIFICATE_CHAIN, TLS_PRIVATE_KEY, TLS_INSECURE,
      TLS_CLIENT_AUTH, TLS_PINNED_SHA256);

  private static boolean pins(String text) {
    try {
      CertificatePins.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static KeyManagerFactory keyManager(String text) throws java.io.IOException {
    String[] files = text.split(",", -1);
    if (files.length > 2 || files[0].isBlank()) {
      throw new IllegalArgumentException("expected one or two file names");
    }
    Path chain = Path.of(files[0].strip());
    return PemFiles.keyManagerFactory(chain, files.length == 2 ? Path.of(files[1].strip()) : chain);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
