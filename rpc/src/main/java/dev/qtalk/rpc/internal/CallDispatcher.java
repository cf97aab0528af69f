package dev.qtalk.rpc.internal;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.rpc.Call;
import dev.qtalk.rpc.CallOutcome;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.FrameTooLargeException;
import dev.qtalk.rpc.Handler;
import dev.qtalk.rpc.ReplyException;
import dev.qtalk.rpc.RpcListener;
import dev.qtalk.rpc.UnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;

/** Serves one incoming call: reads its header, runs the handler, makes sure it is answered. */
public final class CallDispatcher {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.rpc");

  private final Session session;
  private final Handler handler;
  private final int maxFrameSize;
  private final Dialect fallbackDialect;
  private final CallTracker tracker;
  private final boolean exposeMessages;
  private final RpcListener listener;

  public CallDispatcher(Session session, Handler handler, int maxFrameSize, Dialect fallbackDialect) {
    this(session, handler, maxFrameSize, fallbackDialect, new CallTracker(), false, null);
  }

  /** @param listener hears of each call; may be null */
  public CallDispatcher(Session session, Handler handler, int maxFrameSize, Dialect fallbackDialect,
      CallTracker tracker, boolean exposeMessages, RpcListener listener) {
    this.session = session;
    this.handler = handler;
    this.maxFrameSize = maxFrameSize;
    this.fallbackDialect = fallbackDialect;
    this.tracker = tracker;
    this.exposeMessages = exposeMessages;
    this.listener = listener;
  }

  /** Serves the call on {@code ch}, on the current thread (which the call's cancellation interrupts). */
  public void serve(Channel ch) {
    CallChannel channel = new CallChannel(ch);
    ActiveCall active = tracker.begin(session, channel);
    CallEvent event = new CallEvent();
    event.begin();
    long start = listener == null ? 0 : System.nanoTime();
    String selector = "";
    CallOutcome outcome = CallOutcome.FAILED;
    try {
      byte[] head = Frames.read(channel, maxFrameSize);
      if (head == null) {
        outcome = CallOutcome.CANCELLED;
        return; // the caller gave up before calling
      }
      Headers.IncomingCall in = Headers.decodeCall(head, fallbackDialect);
      selector = Selectors.clean(in.selector(), false);
      ServerResponder responder =
          new ServerResponder(new FrameStream(channel, in.codec(), maxFrameSize), in.dialect());
      active.responder(responder);
      if (tracker.isShutdown()) {
        outcome = CallOutcome.REFUSED;
        responder.error(UnavailableException.PREFIX + "the server is shutting down");
        return;
      }
      if (listener != null) {
        String started = selector;
        notify(() -> listener.callStarted(session, started));
      }
      Client caller =
          Client.builder(session).codec(in.codec()).dialect(in.dialect()).maxFrameSize(maxFrameSize).build();
      Instant deadline = in.timeoutMillis() < 0 ? null : Instant.now().plusMillis(in.timeoutMillis());
      Call call = new Call(in.selector(), in.dialect(), channel, in.codec(), maxFrameSize, caller,
          deadline, active.cancelled());
      try {
        handler.respond(responder, call);
      } catch (Exception e) {
        failed(call, responder, active, e);
      }
      if (!responder.responded() && !active.isCancelled()) {
        responder.reply();
      }
      outcome = active.isCancelled() ? CallOutcome.CANCELLED
          : responder.erred() ? CallOutcome.ERROR : CallOutcome.OK;
    } catch (IOException | RuntimeException e) {
      outcome = active.isCancelled() ? CallOutcome.CANCELLED : CallOutcome.FAILED;
      LOG.log(Level.DEBUG, "call on channel " + ch.id() + " failed", e);
    } finally {
      tracker.end(active);
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing channel " + ch.id(), e);
      }
      event.end();
      if (event.shouldCommit()) {
        event.side = "server";
        event.selector = selector;
        event.outcome = outcome.name();
        event.remote = String.valueOf(session.remoteAddress());
        event.commit();
      }
      if (listener != null) {
        String s = selector;
        CallOutcome o = outcome;
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        notify(() -> listener.callEnded(session, s, o, d));
      }
    }
  }

  /** Runs a listener's method; what it throws is logged, never passed on. */
  public static void notify(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an RpcListener failed", e);
    }
  }

  private void failed(Call call, ServerResponder responder, ActiveCall active, Exception e) throws IOException {
    Throwable t = unwrap(e);
    if (active.isCancelled()) {
      LOG.log(Level.DEBUG, () -> "cancelled call " + call.selector() + " ended with " + t);
      return;
    }
    if (responder.responded()) {
      // a streaming handler whose caller went away sees its channel fail: not worth a warning
      LOG.log(t instanceof IOException ? Level.DEBUG : Level.WARNING,
          "handler for " + call.selector() + " failed after answering", t);
      return;
    }
    if (t instanceof ReplyException || t instanceof FrameTooLargeException) {
      // the handler's chosen text, or rpc's own word on the caller's oversized value
      responder.error(t.getMessage());
      return;
    }
    if (!(t instanceof InterruptedException || t instanceof InterruptedIOException)) {
      LOG.log(Level.WARNING, "handler for " + call.selector() + " failed", t);
    }
    responder.error(exposeMessages ? message(t) : ReplyException.GENERIC);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof InvocationTargetException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The text a handler's exception becomes on the wire when the server exposes messages. */
  public static String message(Throwable e) {
    Throwable t = unwrap(e);
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getName() : m;
  }
}
