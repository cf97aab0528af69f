package dev.qtalk.rpc.internal;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.rpc.Call;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.Handler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;

/** Serves one incoming call: reads its header, runs the handler, makes sure it is answered. */
public final class CallDispatcher {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.rpc");

  private final Session session;
  private final Handler handler;
  private final int maxFrameSize;
  private final Dialect fallbackDialect;

  public CallDispatcher(Session session, Handler handler, int maxFrameSize, Dialect fallbackDialect) {
    this.session = session;
    this.handler = handler;
    this.maxFrameSize = maxFrameSize;
    this.fallbackDialect = fallbackDialect;
  }

  public void serve(Channel ch) {
    try {
      byte[] head = Frames.read(ch, maxFrameSize);
      if (head == null) {
        return; // the caller gave up before calling
      }
      Headers.IncomingCall in = Headers.decodeCall(head, fallbackDialect);
      Client caller =
          Client.builder(session).codec(in.codec()).dialect(in.dialect()).maxFrameSize(maxFrameSize).build();
      Call call = new Call(in.selector(), in.dialect(), ch, in.codec(), maxFrameSize, caller);
      ServerResponder responder =
          new ServerResponder(new FrameStream(ch, in.codec(), maxFrameSize), in.dialect());
      try {
        handler.respond(responder, call);
      } catch (Exception e) {
        if (!responder.responded()) {
          responder.error(message(e));
        } else {
          LOG.log(Level.DEBUG, "handler for " + call.selector() + " failed after answering", e);
        }
      }
      if (!responder.responded()) {
        responder.reply();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "call on channel " + ch.id() + " failed", e);
    } finally {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing channel " + ch.id(), e);
      }
    }
  }

  /** The text a handler's exception becomes on the wire. */
  public static String message(Throwable e) {
    Throwable t = e;
    while (t instanceof InvocationTargetException && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getName() : m;
  }
}
