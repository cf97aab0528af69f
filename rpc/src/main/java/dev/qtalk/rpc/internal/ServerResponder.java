package dev.qtalk.rpc.internal;

import dev.qtalk.Channel;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.Responder;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/** The responder of one incoming call; answers in the call's codec and dialect. */
public final class ServerResponder implements Responder {
  private final FrameStream stream;
  private final Dialect dialect;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean responded;
  private boolean continued;
  private boolean erred;

  public ServerResponder(FrameStream stream, Dialect dialect) {
    this.stream = stream;
    this.dialect = dialect;
  }

  @Override
  public void reply(Object... values) throws IOException {
    respond(null, false, values);
  }

  @Override
  public void error(String message) throws IOException {
    Objects.requireNonNull(message, "message");
    respond(message, false);
  }

  @Override
  public Channel continueWith(Object... values) throws IOException {
    respond(null, true, values);
    return stream.channel();
  }

  @Override
  public void send(Object value) throws IOException {
    if (!continued()) {
      throw new IllegalStateException("send: the call was not continued (expected: continueWith first)");
    }
    stream.send(value);
  }

  @Override
  public boolean responded() {
    lock.lock();
    try {
      return responded;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the call was answered with an error. */
  public boolean erred() {
    lock.lock();
    try {
      return erred;
    } finally {
      lock.unlock();
    }
  }

  public boolean continued() {
    lock.lock();
    try {
      return continued;
    } finally {
      lock.unlock();
    }
  }

  private void respond(String error, boolean cont, Object... values) throws IOException {
    lock.lock();
    try {
      if (responded) {
        throw new IllegalStateException("the call was already answered");
      }
      responded = true;
      continued = cont;
      erred = error != null;
    } finally {
      lock.unlock();
    }
    Channel ch = stream.channel();
    Object[] vs = values == null || values.length == 0 ? new Object[] {null} : values;
    byte[][] bodies = new byte[vs.length + 1][];
    bodies[0] = Headers.encodeReply(stream.codec(), dialect, error, cont);
    for (int i = 0; i < vs.length; i++) {
      bodies[i + 1] = stream.codec().encode(vs[i]);
    }
    stream.sendFrames(bodies);
    if (!cont) {
      // End our side before closing: the caller reads the reply to its end, and a transport may
      // hold a full close's end of stream back while the caller has not half-closed (QUIC holds
      // its FIN about two round trips behind a STOP_SENDING), so the FIN goes out now.
      ch.closeWrite();
      ch.close();
    }
  }
}
