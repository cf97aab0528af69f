package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wrapper of the lock faults, calls that wait for one another: the calls named run under one
 * lock, held for as long as the call blocks.
 */
class LockedChannel extends WrappedChannel {
  /** A call that can be made to wait for the lock. */
  enum Call {
    READ,
    WRITE,
    CLOSE
  }

  private final ReentrantLock lock;
  private final Set<Call> locked;

  LockedChannel(Session session, Channel delegate, ReentrantLock lock, Call... locked) {
    super(session, delegate);
    this.lock = lock;
    this.locked = EnumSet.copyOf(List.of(locked));
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return under(Call.READ, () -> delegate.read(dst));
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return under(Call.WRITE, () -> delegate.write(src));
  }

  @Override
  public void close() throws IOException {
    under(
        Call.CLOSE,
        () -> {
          delegate.close();
          return 0;
        });
  }

  private int under(Call call, IoCall body) throws IOException {
    if (!locked.contains(call)) {
      return body.run();
    }
    lock.lock();
    try {
      return body.run();
    } finally {
      lock.unlock();
    }
  }

  @FunctionalInterface
  private interface IoCall {
    int run() throws IOException;
  }
}
