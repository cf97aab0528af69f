package dev.qtalk.ssh.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.ssh.SshPairs;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.rpc.RpcTck;

/** The rpc rules on scheme {@code ssh}. */
class SshRpcTckTest extends RpcTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    Session[] pair = SshPairs.connect("ssh", options);
    return new SessionPair(pair[0], pair[1]);
  }
}
