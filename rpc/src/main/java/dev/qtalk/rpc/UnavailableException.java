package dev.qtalk.rpc;

/**
 * The server refused the call because it is shutting down (its error text starts with {@value
 * #PREFIX}); the call did not run, so it is safe to retry elsewhere.
 *
 * @since 0.1
 */
public class UnavailableException extends RemoteException {
  /** The start of the error text of a refused call. */
  public static final String PREFIX = "unavailable: ";

  public UnavailableException(String selector, String remoteMessage) {
    super(selector, remoteMessage);
  }
}
