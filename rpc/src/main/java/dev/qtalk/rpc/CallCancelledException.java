package dev.qtalk.rpc;

/**
 * The call was cancelled before its reply arrived; its channel has been closed.
 *
 * @since 0.1
 */
public class CallCancelledException extends RpcException {
  public CallCancelledException(String message) {
    super(message);
  }
}
