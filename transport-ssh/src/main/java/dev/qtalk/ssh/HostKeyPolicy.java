package dev.qtalk.ssh;

/**
 * What an SSH client does with a server host key that its known-hosts file does not list.
 *
 * @since 0.1
 */
public enum HostKeyPolicy {
  /** Refuse unknown and changed host keys (the default, as OpenSSH's {@code StrictHostKeyChecking yes}). */
  STRICT,
  /**
   * Accept and record a host key the file does not know yet; refuse a changed one (OpenSSH's {@code
   * accept-new}). The first connection to a host can then be intercepted.
   */
  ACCEPT_NEW,
  /**
   * Accept any host key without checking. For tests and development only: anyone on the path can
   * then read and change the traffic.
   */
  INSECURE_ACCEPT_ANY,
}
