package dev.qtalk.quic.internal;

import io.netty.handler.codec.quic.QuicChannel;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Asks quiche what Netty 4.2.18 does not say, through Netty's package-private members:
 *
 * <ul>
 *   <li>whether it still has a stream ({@code QuicheQuicChannel.streamCapacity(long)}): without
 *       that, a stream quiche has collected swallows writes forever (see {@link
 *       QuicStream#probeIfDropped});
 *   <li>whether a connection has anything in flight (quiche's next timer, {@code
 *       quiche_conn_timeout_as_nanos}): quiche sends a CONNECTION_CLOSE only when the congestion
 *       window has room, and Netty frees the connection right after asking for it, so a close
 *       while the window is full is never sent (see {@link QuicSession#close()}).
 * </ul>
 *
 * Where reflection is refused (Netty on the module path without {@code --add-opens}), the probes
 * answer "unknown" (null) and those cases are not detected.
 */
final class QuicheProbe {
  private static final Method STREAM_CAPACITY;
  private static final Field CONNECTION;
  private static final Method ADDRESS;
  private static final Method TIMEOUT_NANOS;

  static {
    Method capacity = null;
    Field connection = null;
    Method address = null;
    Method timeout = null;
    try {
      Class<?> channel = Class.forName("io.netty.handler.codec.quic.QuicheQuicChannel");
      capacity = accessible(channel.getDeclaredMethod("streamCapacity", long.class));
      connection = channel.getDeclaredField("connection");
      connection.setAccessible(true);
      address = accessible(Class.forName("io.netty.handler.codec.quic.QuicheQuicConnection").getDeclaredMethod("address"));
      timeout = accessible(Class.forName("io.netty.handler.codec.quic.Quiche")
          .getDeclaredMethod("quiche_conn_timeout_as_nanos", long.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      QuicStream.LOG.log(Level.WARNING, () -> "quic: cannot probe quiche's state (" + e + "); a write to a stream"
          + " the peer stopped may then block until its timeout, and a session closed while data is in flight"
          + " may not tell its peer");
    }
    STREAM_CAPACITY = capacity;
    CONNECTION = connection;
    ADDRESS = address;
    TIMEOUT_NANOS = timeout;
  }

  private QuicheProbe() {}

  private static Method accessible(Method m) {
    m.setAccessible(true);
    return m;
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

  /**
   * quiche's next timer for an active connection, in nanoseconds from now; -1 when none is armed
   * (with no idle timeout configured: nothing unacknowledged in flight); null when unknown. Call
   * on the connection's event loop, while {@code qc.isActive()}.
   */
  static Long timerNanos(QuicChannel qc) {
    if (TIMEOUT_NANOS == null) {
      return null;
    }
    try {
      Object connection = CONNECTION.get(qc);
      if (connection == null) {
        return null;
      }
      return (long) TIMEOUT_NANOS.invoke(null, (long) ADDRESS.invoke(connection));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
