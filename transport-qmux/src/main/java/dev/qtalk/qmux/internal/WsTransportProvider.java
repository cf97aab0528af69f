package dev.qtalk.qmux.internal;

/** Scheme {@code qmux+ws}: qmux over a WebSocket, {@code qmux+ws://host:port/path}. */
public final class WsTransportProvider extends WebSocketTransport {
  public WsTransportProvider() {
    super(false);
  }

  @Override
  public String scheme() {
    return "qmux+ws";
  }
}
