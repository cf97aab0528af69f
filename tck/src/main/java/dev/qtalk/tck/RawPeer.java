package dev.qtalk.tck;

import dev.qtalk.Session;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A session of the transport under test whose peer is not a session but raw bytes that the kit
 * writes and reads itself: the bad-input rules send garbage, truncate, or stay silent through it.
 *
 * @param session the session under test (the kit closes it)
 * @param fromSession the bytes the session writes onto the wire
 * @param toSession where the kit writes bytes for the session to read
 * @param connection closes the raw side (the session then sees its connection end)
 *
 * @since 0.1
 */
public record RawPeer(
    Session session, InputStream fromSession, OutputStream toSession, AutoCloseable connection)
    implements AutoCloseable {
  public RawPeer {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(fromSession, "fromSession");
    Objects.requireNonNull(toSession, "toSession");
    Objects.requireNonNull(connection, "connection");
  }

  /** Closes the raw side, then the session. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (Exception e) {
      // already closed
    }
    session.close();
  }
}
