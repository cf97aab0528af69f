package dev.qtalk.rpc;

/** The call was cancelled before its reply arrived; its channel has been closed. */
public class CallCancelledException extends RpcException {
  public CallCancelledException(String message) {
    super(message);
  }
}
