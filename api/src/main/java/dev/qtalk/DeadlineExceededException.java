package dev.qtalk;

import java.net.SocketTimeoutException;

/**
 * A blocking call ran past its timeout. The session or channel stays usable. It is a {@link
 * SocketTimeoutException}, so code that already handles socket timeouts handles this too.
 *
 * @since 0.1
 */
public class DeadlineExceededException extends SocketTimeoutException {
  public DeadlineExceededException(String message) {
    super(message);
  }
}
