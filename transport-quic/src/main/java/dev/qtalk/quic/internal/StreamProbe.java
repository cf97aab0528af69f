package dev.qtalk.quic.internal;

import io.netty.handler.codec.quic.QuicChannel;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;

/**
 * Asks quiche whether it still has a stream, through Netty's package-private {@code
 * QuicheQuicChannel.streamCapacity(long)}: Netty 4.2.18 offers no public way, and without one a
 * stream quiche has collected swallows writes forever (see {@link QuicStream#probeIfDropped}).
 * Where reflection is refused (Netty on the module path without {@code --add-opens}), the probe
 * answers "unknown" and that case is not detected.
 */
final class StreamProbe {
  private static final Method STREAM_CAPACITY = find();

  private StreamProbe() {}

  private static Method find() {
    try {
      Class<?> c = Class.forName("io.netty.handler.codec.quic.QuicheQuicChannel");
      Method m = c.getDeclaredMethod("streamCapacity", long.class);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      QuicStream.LOG.log(Level.WARNING, () -> "quic: cannot probe stream state (" + e
          + "); a write to a stream the peer stopped may then block until its timeout");
      return null;
    }
  }

  /**
   * Whether quiche has dropped stream {@code id} or refuses writes on it (its capacity is an error
   * code): true, false, or null when unknown. Call on the connection's event loop.
   */
  static Boolean dropped(QuicChannel qc, long id) {
    if (STREAM_CAPACITY == null) {
      return null;
    }
    try {
      long capacity = (long) STREAM_CAPACITY.invoke(qc, id);
      return capacity < 0;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
