/** The {@code qtalk} command line. */
module dev.qtalk.cli {
  requires dev.qtalk.api;
  requires dev.qtalk.rpc;
  requires dev.qtalk.transport.quic;
  requires dev.qtalk.transport.qmux;
  requires dev.qtalk.bench;
  requires info.picocli;
  requires java.logging; // to keep MINA SSHD's INFO lines out of the output (LibraryLogs)

  opens dev.qtalk.cli to info.picocli;
}
