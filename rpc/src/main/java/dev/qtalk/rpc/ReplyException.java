package dev.qtalk.rpc;

import java.util.Objects;

/**
 * Thrown by a handler to answer its call with an error whose text the caller may see, as {@link
 * Responder#error} does. Any other exception a handler throws is logged by the server at WARNING
 * and answered with the text {@value #GENERIC}, so internal details do not leak to callers
 * (unless the server was built with {@link Server.Builder#exposeExceptionMessages}).
 *
 * @since 0.1
 */
public class ReplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error text a caller gets for an exception the handler did not mean it to see. */
  public static final String GENERIC = "internal error";

  /** @param message the error text sent to the caller */
  public ReplyException(String message) {
    super(Objects.requireNonNull(message, "message"));
  }

  /** @param message the error text sent to the caller; {@code cause} is only logged */
  public ReplyException(String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
  }
}
