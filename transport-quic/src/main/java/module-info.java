module dev.qtalk.transport.quic {
  requires transitive dev.qtalk.api;
}
