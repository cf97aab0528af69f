package dev.qtalk.tck.rpc;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import java.net.URI;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The rpc suite on deliberately broken transports (mem underneath). These classes are not named
 * *Test, so the build does not run them; {@link RpcTckTeethTest} runs them and expects failures.
 */
final class BrokenKits {
  private BrokenKits() {}

  static SessionPair brokenPair(Options options, UnaryOperator<Channel> breaker) throws Exception {
    try (SessionListener l = Transports.listen(URI.create("mem:rpc-broken-" + UUID.randomUUID()), options)) {
      Session client = Transports.connect(l.uri(), options);
      return new SessionPair(new BrokenSession(client, breaker), new BrokenSession(l.accept(), breaker));
    }
  }

  /** Corrupts the last byte of every write. */
  static class Corrupting extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, BrokenSession::corrupting);
    }
  }

  /** closeWrite() closes both directions. */
  static class NoHalfClose extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, BrokenSession::noHalfClose);
    }
  }

  /** Not broken at all: the control, which must pass what the others fail. */
  static class Sound extends RpcTck {
    @Override
    protected SessionPair connect(Options options) throws Exception {
      return brokenPair(options, UnaryOperator.identity());
    }
  }
}
