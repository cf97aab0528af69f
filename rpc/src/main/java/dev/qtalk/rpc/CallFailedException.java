package dev.qtalk.rpc;

import java.util.Objects;

/**
 * A call failed below rpc: its channel or session closed or reset, the peer ended a frame early,
 * or the channel could not be opened. The transport's exception is the {@linkplain #getCause()
 * cause}.
 *
 * @since 0.1
 */
public class CallFailedException extends RpcException {
  private final String selector;

  public CallFailedException(String selector, Throwable cause) {
    super("call " + Objects.requireNonNull(selector, "selector") + " failed: " + cause.getMessage(), cause);
    this.selector = selector;
  }

  /** The selector of the call that failed. */
  public String selector() {
    return selector;
  }
}
