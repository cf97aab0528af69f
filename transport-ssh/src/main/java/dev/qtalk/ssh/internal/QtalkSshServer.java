package dev.qtalk.ssh.internal;

import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/** A MINA server that can stop listening while its sessions go on (MINA's {@code stop} ends them). */
final class QtalkSshServer extends SshServer {

  /** A server with MINA's default algorithms (strict key exchange included). */
  static QtalkSshServer create() {
    return (QtalkSshServer) ServerBuilder.builder().factory(QtalkSshServer::new).build();
  }

  /** Stops accepting connections; established sessions stay open. */
  void stopListening() {
    if (acceptor != null) {
      acceptor.unbind();
    }
  }
}
