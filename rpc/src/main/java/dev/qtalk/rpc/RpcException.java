package dev.qtalk.rpc;

import dev.qtalk.QtalkException;

/** The root of rpc's own errors; the transport's errors (channel or session closed) pass through. */
public class RpcException extends QtalkException {
  public RpcException(String message) {
    super(message);
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
