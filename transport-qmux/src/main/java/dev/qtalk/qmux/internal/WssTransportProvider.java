package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
import java.util.Collection;

/**
 * Scheme {@code qmux+wss}: qmux over a WebSocket over TLS, {@code qmux+wss://host:port/path}, with
 * the TLS options and checks of {@link TlsTransportProvider}.
 */
public final class WssTransportProvider extends WebSocketTransport {
  public WssTransportProvider() {
    super(true);
  }

  @Override
  public String scheme() {
    return "qmux+wss";
  }

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SupportedOptions.WSS;
  }
}
