package dev.qtalk.ssh.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.ChannelSessionFactory;

/**
 * MINA's "session" channels (which carry the qtalk subsystem), at most {@code max} at once per
 * connection, as OpenSSH's {@code MaxSessions}. Opens past it are refused; the connection goes on.
 * Each is a {@link QmuxServerChannel}, so the subsystem can write through a {@link WindowGate}.
 */
final class SessionChannelLimit implements ChannelFactory {
  private static final AttributeKey<AtomicInteger> OPEN = new AttributeKey<>();

  private final int max;

  SessionChannelLimit(int max) {
    this.max = max;
  }

  @Override
  public String getName() {
    return ChannelSessionFactory.INSTANCE.getName();
  }

  @Override
  public Channel createChannel(Session session) throws IOException {
    AtomicInteger open = session.computeAttributeIfAbsent(OPEN, k -> new AtomicInteger());
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      SshSession.LOG.log(
          System.Logger.Level.DEBUG, () -> session + ": refused a session channel (" + max + " open)");
      return null; // MINA answers OPEN_FAILURE
    }
    Channel channel = new QmuxServerChannel();
    channel.addChannelListener(
        new ChannelListener() {
          @Override
          public void channelClosed(Channel c, Throwable reason) {
            open.decrementAndGet();
          }
        });
    return channel;
  }
}
