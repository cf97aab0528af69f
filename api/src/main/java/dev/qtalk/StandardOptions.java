package dev.qtalk;

import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Options that every transport understands where they apply. A transport ignores an option that
 * means nothing to it (QUIC has no max packet size of its own, for example).
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

  /** The key material a TLS, QUIC or WebSocket-over-TLS server presents (or a client, for mutual TLS). */
  public static final Option<KeyManagerFactory> TLS_KEY_MANAGER =
      Option.of("tlsKeyManager", KeyManagerFactory.class, null);

  /** The certificates to trust; unset means the JDK's default trust store. */
  public static final Option<TrustManagerFactory> TLS_TRUST_MANAGER =
      Option.of("tlsTrustManager", TrustManagerFactory.class, null);

  /**
   * Turns certificate and host name verification off. For tests and development only: anyone on
   * the path can then read and change the traffic.
   */
  public static final Option<Boolean> TLS_INSECURE =
      Option.of("tlsInsecure", Boolean.class, false);

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
