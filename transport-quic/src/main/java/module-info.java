/**
 * qtalk over QUIC: a session is one QUIC connection and every channel one bidirectional QUIC
 * stream (Netty's native QUIC codec), wire-compatible with qtalk-go's {@code x/quic}.
 */
module dev.qtalk.transport.quic {
  requires transitive dev.qtalk.api;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.codec.classes.quic;
  requires io.netty.transport.classes.epoll;

  exports dev.qtalk.quic;

  provides dev.qtalk.spi.TransportProvider with
      dev.qtalk.quic.internal.QuicTransportProvider;
}
