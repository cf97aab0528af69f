/** The {@code qtalk} command line. */
module dev.qtalk.cli {
  requires dev.qtalk.api;
  requires dev.qtalk.rpc;
  requires dev.qtalk.transport.quic;
  requires dev.qtalk.transport.qmux;
  requires dev.qtalk.bench;
  requires info.picocli;

  opens dev.qtalk.cli to info.picocli;
}
