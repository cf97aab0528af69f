package dev.qtalk;

/**
 * The session has ended (closed by either side, or failed); the cause says why when known.
 *
 * @since 0.1
 */
public class SessionClosedException extends QtalkException {
  public SessionClosedException(String message) {
    super(message);
  }

  public SessionClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
