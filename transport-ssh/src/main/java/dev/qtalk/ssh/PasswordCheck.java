package dev.qtalk.ssh;

/**
 * Decides whether an SSH server accepts a user's password; set one to turn password logins on.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PasswordCheck {
  /** Whether {@code user} may log in with {@code password}; must not block for long. */
  boolean accepts(String user, String password);
}
