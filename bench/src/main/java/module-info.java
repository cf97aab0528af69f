/** Benchmarks that print qtalk's figures next to a baseline measured in the same run. */
module dev.qtalk.bench {
  requires dev.qtalk.api;
  requires dev.qtalk.transport.qmux; // WebSocketOptions, for the browser benchmark's page

  exports dev.qtalk.bench;
}
