package dev.qtalk.rpc;

import dev.qtalk.QtalkException;

/**
 * The root of the errors of a call. A call fails with a subtype: {@link RemoteException} (the
 * handler answered with an error), {@link CallFailedException} (the transport failed; the cause
 * says how), {@link CallCancelledException}, {@link FrameTooLargeException}. Two failures keep
 * their own types: a passed deadline is a {@link dev.qtalk.DeadlineExceededException} and an
 * interrupt an {@link java.io.InterruptedIOException}.
 *
 * @since 0.1
 */
public class RpcException extends QtalkException {
  public RpcException(String message) {
    super(message);
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
