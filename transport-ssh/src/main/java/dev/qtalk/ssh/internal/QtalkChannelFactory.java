package dev.qtalk.ssh.internal;

import java.io.IOException;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;

/**
 * Makes the acceptor's end of a qtalk channel. Registered on both the SSH client and the SSH
 * server, so either side can open channels; a stock OpenSSH refuses this type.
 */
final class QtalkChannelFactory implements ChannelFactory {
  /** The SSH channel type of a qtalk channel (RFC 4250 §4.6.1: a private name with a domain). */
  static final String TYPE = "qtalk@qtalk.dev";

  static final QtalkChannelFactory INSTANCE = new QtalkChannelFactory();

  private QtalkChannelFactory() {}

  @Override
  public String getName() {
    return TYPE;
  }

  @Override
  public Channel createChannel(Session session) throws IOException {
    SshSession qtalk = session.getAttribute(SshSession.KEY);
    if (qtalk == null) {
      return null; // not a qtalk session (cannot happen once attached): MINA refuses the type
    }
    return new InboundMinaChannel(qtalk);
  }
}
