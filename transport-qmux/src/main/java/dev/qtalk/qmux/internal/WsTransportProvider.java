package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
import java.util.Collection;

/** Scheme {@code qmux+ws}: qmux over a WebSocket, {@code qmux+ws://host:port/path}. */
public final class WsTransportProvider extends WebSocketTransport {
  public WsTransportProvider() {
    super(false);
  }

  @Override
  public String scheme() {
    return "qmux+ws";
  }

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SupportedOptions.WS;
  }
}
