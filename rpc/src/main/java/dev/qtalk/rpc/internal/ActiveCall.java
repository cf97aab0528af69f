package dev.qtalk.rpc.internal;

import dev.qtalk.Session;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A call a server is running: its thread, its channel and how it ends. Cancelling it (the caller
 * hung up or cancelled, or the server stops at once) completes {@link #cancelled()}, which runs
 * the handler's callbacks, and interrupts the handler's thread; a call that has ended is not
 * cancelled.
 */
public final class ActiveCall {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.rpc");

  private enum State { RUNNING, CANCELLED, DONE }

  private final Session session;
  private final CallChannel channel;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private Thread thread;
  private State state = State.RUNNING;
  private boolean watched;
  private volatile ServerResponder responder;

  public ActiveCall(Session session, CallChannel channel, Thread thread) {
    this.session = session;
    this.channel = channel;
    this.thread = thread;
  }

  public Session session() {
    return session;
  }

  public CallChannel channel() {
    return channel;
  }

  /** Completes when the call is cancelled; never completes for a call that ends normally. */
  public CompletableFuture<Void> cancelled() {
    return cancelled;
  }

  void responder(ServerResponder r) {
    this.responder = r;
  }

  /**
   * Whether the server should watch this call's channel for the caller hanging up: it has run
   * longer than {@code graceNanos}, has not answered nor continued (a continued call's handler
   * reads the channel itself), and is not watched yet. Marks it watched when true.
   */
  boolean claimWatch(long now, long graceNanos) {
    ServerResponder r = responder;
    if (now - startNanos < graceNanos || (r != null && r.responded())) {
      return false;
    }
    lock.lock();
    try {
      if (watched || state != State.RUNNING) {
        return false;
      }
      watched = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the call is still running and not continued: worth watching on. */
  boolean watchable() {
    ServerResponder r = responder;
    lock.lock();
    try {
      return state == State.RUNNING && (r == null || !r.responded());
    } finally {
      lock.unlock();
    }
  }

  public boolean isCancelled() {
    return cancelled.isDone();
  }

  /**
   * Cancels the call if it is running; returns whether it did. The callbacks run first, then the
   * handler's thread is interrupted, so an interrupted handler always sees itself cancelled.
   */
  public boolean cancel(String why) {
    lock.lock();
    try {
      if (state != State.RUNNING) {
        return false;
      }
      state = State.CANCELLED;
    } finally {
      lock.unlock();
    }
    LOG.log(Level.DEBUG, () -> "call on channel " + channel.id() + " cancelled: " + why);
    cancelled.complete(null);
    lock.lock();
    try {
      if (thread != null) {
        thread.interrupt(); // never blocks; the handler sees it at its next blocking call
      }
    } finally {
      lock.unlock();
    }
    return true;
  }

  /** The handler returned: on its own thread, after which no interrupt reaches it. */
  void done() {
    lock.lock();
    try {
      if (state == State.RUNNING) {
        state = State.DONE;
      }
      thread = null;
    } finally {
      lock.unlock();
    }
    Thread.interrupted(); // a cancel that raced the handler's return
  }
}
