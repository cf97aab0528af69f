package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Faults that show only under concurrency or volume, for the rules that had no broken transport
 * of their own: OA-3, OA-9, FC-2, FC-5, CC-6 and RL-5.
 */
final class StressFaults {
  private StressFaults() {}

  /** One write lock per session, held while a write blocks: a stalled channel stalls them all. */
  static class SessionWideWriteLock extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      ReentrantLock lock = new ReentrantLock();
      return new WrappedSession(s, (ws, c) -> new LockedChannel(ws, c, lock, LockedChannel.Call.WRITE));
    }
  }

  /** A channel's read waits while its own write is blocked (one lock for both directions). */
  static class ReadWaitsForWrite extends Broken.Base {
    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new LockedChannel(session, c, new ReentrantLock(), LockedChannel.Call.WRITE, LockedChannel.Call.READ);
    }
  }

  /**
   * A shared "last accepted" slot read twice: the tenth accept hands out the ninth channel again
   * (as a racing pair of accepts would), and the channel it should have returned is never seen.
   */
  static class ConcurrentAcceptsDuplicate extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      AtomicInteger count = new AtomicInteger();
      AtomicReference<Channel> last = new AtomicReference<>();
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel accept(Duration timeout) throws IOException {
          if (count.incrementAndGet() == 10 && last.get() != null) {
            return last.get(); // the fault
          }
          Channel c = super.accept(timeout);
          last.set(c);
          return c;
        }

        @Override
        public Channel accept() throws IOException {
          return accept(Duration.ofDays(1));
        }
      };
    }
  }

  /** One channel in every 2,000 accepted is lost: closed and never handed out. */
  static class LosesOneChannelIn2000 extends Broken.Base {
    @Override
    Session wrapSession(Session s, boolean client) {
      AtomicInteger count = new AtomicInteger();
      return new WrappedSession(s, (ws, c) -> wrap(ws, c, client)) {
        @Override
        public Channel accept(Duration timeout) throws IOException {
          Channel c = super.accept(timeout);
          if (count.incrementAndGet() % 2000 == 0) {
            c.close();
            c = super.accept(timeout);
          }
          return c;
        }
      };
    }
  }

  /** abort() leaves a thread behind (a reset timer that is never cancelled). */
  static class LeaksThreadPerAbort extends Broken.Base {
    private static final AtomicInteger LEAKED = new AtomicInteger();

    @Override
    Channel wrap(Session session, Channel c, boolean client) {
      return new WrappedChannel(session, c) {
        @Override
        public void abort() {
          Thread.ofPlatform()
              .daemon()
              .name("leaked-reset-timer-" + LEAKED.incrementAndGet())
              .start(() -> LockSupport.park());
          delegate.abort();
        }
      };
    }
  }
}
