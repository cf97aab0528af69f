package dev.qtalk.qmux.internal;

import dev.qtalk.ProtocolException;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * A session's reader: one virtual thread that decodes what the peer sends and hands each message
 * to the session. It blocks only in the connection's read and, when the peer has left {@code
 * controlQueueLimit} replies unread, in the writer's reply queue. Whatever ends it (the peer's
 * close, a protocol error, a failed read, even an {@link Error}) ends the session and says why.
 */
final class SessionReader {
  private final QmuxSession session;
  private final Connection connection;

  SessionReader(QmuxSession session, Connection connection) {
    this.session = session;
    this.connection = connection;
  }

  Thread start(Runnable onExit) {
    return Thread.ofVirtual().name(session.name() + "-reader").start(() -> {
      try {
        loop();
      } finally {
        onExit.run();
      }
    });
  }

  private void loop() {
    MessageReader messages = new MessageReader(connection.input(), connection.directInput());
    try {
      while (true) {
        Message m = messages.next(session::checkData);
        if (m == null) {
          session.readerEnded(null, "the peer closed the connection");
          return;
        }
        if (QmuxSession.FRAMES.isLoggable(Level.TRACE)) {
          QmuxSession.FRAMES.log(Level.TRACE, session.name() + " << " + Message.trace(m));
        }
        session.dispatch(m);
      }
    } catch (ProtocolException e) {
      ProtocolLog.protocolError(session.name(), e.getMessage());
      session.readerEnded(e, "protocol error: " + e.getMessage());
    } catch (IOException e) {
      if (isReset(e)) {
        // A peer that closes with our last messages unread resets the connection; like the
        // reference, treat that as the peer closing.
        session.readerEnded(null, "the peer closed the connection (reset)");
      } else {
        session.readerEnded(e, "connection failed: " + e.getMessage());
      }
    } catch (RuntimeException | Error e) {
      QmuxSession.LOG.log(Level.ERROR, session.name() + ": reader failed", e);
      session.readerEnded(new IOException("qmux reader failed: " + e, e), "internal error: " + e);
    } finally {
      messages.release();
    }
  }

  private static boolean isReset(IOException e) {
    return e instanceof java.net.SocketException && String.valueOf(e.getMessage()).contains("Connection reset");
  }
}
