package dev.qtalk.qmux;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.qmux.internal.NamedAddress;
import dev.qtalk.qmux.internal.QmuxSession;
import dev.qtalk.qmux.internal.StreamConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Entry points of the qmux transport beyond URIs. The usual way in is {@link
 * dev.qtalk.Transports#connect(java.net.URI)} with a {@code qmux+...} URI.
 *
 * @since 0.1
 */
public final class Qmux {
  private Qmux() {}

  /**
   * Starts a qmux session over a pair of streams: a subprocess's pipes, say ({@code in} = {@link
   * Process#getInputStream()}, {@code out} = {@link Process#getOutputStream()}). Either side may
   * open and accept channels. The session owns the streams: it closes both when it ends, and
   * nothing else may read {@code in} or write {@code out} meanwhile. A blocked read of {@code in}
   * ends only when the stream is closed or reaches its end, so a session over a stream that never
   * ends cannot release its reader until the other side closes.
   *
   * @param name names the peer in {@link Session#remoteAddress()} and in log messages
   */
  public static Session session(InputStream in, OutputStream out, String name, Options options) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    NamedAddress address = new NamedAddress(name);
    return QmuxSession.start(
        new StreamConnection(in, out, () -> {}, new NamedAddress("local"), address), options);
  }
}
