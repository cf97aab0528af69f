/**
 * qtalk qmux (the SSH-derived channel protocol of qtalk-go, qtalk-js and {@code @progrium/duplex})
 * over TCP, TLS, unix sockets, stdio, WebSocket and memory.
 */
module dev.qtalk.transport.qmux {
  requires transitive dev.qtalk.api;
  requires org.java_websocket;

  exports dev.qtalk.qmux;
  // the engine, for qmux+ssh (a qmux session inside an SSH subsystem channel)
  exports dev.qtalk.qmux.internal to dev.qtalk.transport.ssh;

  provides dev.qtalk.spi.TransportProvider with
      dev.qtalk.qmux.internal.MemTransportProvider,
      dev.qtalk.qmux.internal.TcpTransportProvider,
      dev.qtalk.qmux.internal.TlsTransportProvider,
      dev.qtalk.qmux.internal.UnixTransportProvider,
      dev.qtalk.qmux.internal.StdioTransportProvider,
      dev.qtalk.qmux.internal.WsTransportProvider,
      dev.qtalk.qmux.internal.WssTransportProvider;
}
