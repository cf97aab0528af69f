package dev.qtalk.ssh;

import dev.qtalk.Option;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

/**
 * Options of the {@code ssh} and {@code qmux+ssh} transports beyond {@link
 * dev.qtalk.StandardOptions}. Security is on by default:
 *
 * <ul>
 *   <li>clients log in with a public key ({@link #IDENTITY} or {@link #IDENTITY_FILE}), and with a
 *       password only when {@link #PASSWORD} is set;
 *   <li>clients check the server's host key against {@link #KNOWN_HOSTS} and refuse unknown or
 *       changed keys ({@link #HOST_KEY_POLICY});
 *   <li>servers present {@link #HOST_KEY} (or {@link #HOST_KEY_FILE}), accept only the client keys
 *       listed in {@link #AUTHORIZED_KEYS}, and accept passwords only through {@link
 *       #PASSWORD_CHECK};
 *   <li>strict key exchange (the Terrapin countermeasure) is always on.
 * </ul>
 *
 * <p>Limits: {@link dev.qtalk.StandardOptions#MAX_CHANNELS} caps the channels of one connection
 * (default here {@value #DEFAULT_MAX_CHANNELS} unless set), {@link #AUTH_TIMEOUT} bounds the login,
 * {@link dev.qtalk.StandardOptions#IDLE_TIMEOUT} ends silent connections, {@link
 * dev.qtalk.StandardOptions#WINDOW_SIZE} is each channel's receive window. {@link
 * dev.qtalk.StandardOptions#KEEPALIVE_INTERVAL} turns on SSH keepalive: the client sends a
 * keepalive request that wants an answer every interval and ends the connection when one goes
 * unanswered for {@link dev.qtalk.StandardOptions#KEEPALIVE_TIMEOUT}; the server ends a
 * connection silent for interval + timeout.
 *
 * @since 0.1
 */
public final class SshOptions {
  private SshOptions() {}

  /** Channels per SSH connection when {@link dev.qtalk.StandardOptions#MAX_CHANNELS} is not set. */
  public static final int DEFAULT_MAX_CHANNELS = 1024;

  /** The client's key pair for public-key login. */
  public static final Option<KeyPair> IDENTITY = Option.of("ssh.identity", KeyPair.class, null);

  /**
   * A private key file in OpenSSH or PEM format (unencrypted) for public-key login; unset and
   * without {@link #IDENTITY}, the usual files in {@code ~/.ssh} are tried.
   */
  public static final Option<Path> IDENTITY_FILE = Option.of("ssh.identityFile", Path.class, null);

  /** A password to try after the keys; unset means never send one. */
  public static final Option<String> PASSWORD = Option.of("ssh.password", String.class, null);

  /** The known-hosts file the client checks host keys against (default {@code ~/.ssh/known_hosts}). */
  public static final Option<Path> KNOWN_HOSTS =
      Option.of(
          "ssh.knownHosts",
          Path.class,
          Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));

  /** What the client does with unknown host keys; changed keys are always refused unless insecure. */
  public static final Option<HostKeyPolicy> HOST_KEY_POLICY =
      Option.of("ssh.hostKeyPolicy", HostKeyPolicy.class, HostKeyPolicy.STRICT);

  /** The server's host key pair. A server needs this or {@link #HOST_KEY_FILE}. */
  public static final Option<KeyPair> HOST_KEY = Option.of("ssh.hostKey", KeyPair.class, null);

  /** A host private key file in OpenSSH or PEM format (unencrypted). */
  public static final Option<Path> HOST_KEY_FILE = Option.of("ssh.hostKeyFile", Path.class, null);

  /**
   * An OpenSSH {@code authorized_keys} file: the client keys the server accepts, for any user name.
   * Unset, no public key is accepted.
   */
  public static final Option<Path> AUTHORIZED_KEYS =
      Option.of("ssh.authorizedKeys", Path.class, null);

  /** Turns password login on at the server; unset (the default), passwords are refused. */
  public static final Option<PasswordCheck> PASSWORD_CHECK =
      Option.of("ssh.passwordCheck", PasswordCheck.class, null);

  /** How long a client may take to log in before the server drops it. */
  public static final Option<Duration> AUTH_TIMEOUT =
      Option.of("ssh.authTimeout", Duration.class, Duration.ofSeconds(30), SshOptions::positive, "> 0");

  /**
   * The ciphers to offer, in order of preference, as a comma-separated list of OpenSSH names
   * ({@code "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com"}); unset, MINA's defaults.
   */
  public static final Option<String> CIPHERS =
      Option.of("ssh.ciphers", String.class, null, s -> !s.isBlank(), "a comma-separated list of cipher names");

  /**
   * How many {@code qmux+ssh} sessions (subsystem channels) one SSH connection may carry at once,
   * as OpenSSH's {@code MaxSessions}; further ones are refused.
   */
  public static final Option<Integer> MAX_SESSIONS =
      Option.of("ssh.maxSessions", Integer.class, 10, v -> v > 0, "> 0");

  /** The subsystem name that {@code qmux+ssh} runs qmux in. */
  public static final Option<String> SUBSYSTEM =
      Option.of("ssh.subsystem", String.class, "qtalk", s -> !s.isBlank(), "a non-blank name");

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
