module dev.qtalk.transport.ssh {
  requires transitive dev.qtalk.api;
}
