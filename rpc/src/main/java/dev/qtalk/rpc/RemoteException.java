package dev.qtalk.rpc;

import java.util.Objects;

/**
 * The remote handler answered with an error. Errors are plain strings on the wire; {@link
 * #remoteMessage()} is that string, and the exception's message is {@code "remote: " + it}, as
 * qtalk-go words it.
 *
 * @since 0.1
 */
public class RemoteException extends RpcException {
  private final String remoteMessage;
  private final String selector;

  public RemoteException(String selector, String remoteMessage) {
    super("remote: " + Objects.requireNonNull(remoteMessage, "remoteMessage"));
    this.remoteMessage = remoteMessage;
    this.selector = Objects.requireNonNull(selector, "selector");
  }

  /** The error text the peer sent, without the {@code "remote: "} prefix. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** The selector of the call that failed. */
  public String selector() {
    return selector;
  }
}
