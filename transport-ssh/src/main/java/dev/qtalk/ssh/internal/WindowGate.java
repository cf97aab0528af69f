package dev.qtalk.ssh.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.sshd.common.channel.RemoteWindow;

/**
 * Feeds one of MINA's blocking channel output streams only as much as the peer's window takes at
 * the moment, and waits for more on our own condition. MINA's stream would wait in {@code
 * Object.wait} inside a {@code synchronized} method, which pins a virtual thread's carrier on Java
 * 21; with the gate in front it never has to wait. The channel calls {@link #windowChanged()} on
 * each WINDOW_ADJUST and {@link #close()} when it closes. One writer at a time.
 */
final class WindowGate {
  private final Supplier<RemoteWindow> window;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean closed; // guarded by lock

  WindowGate(Supplier<RemoteWindow> window) {
    this.window = window;
  }

  void windowChanged() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the window has room; returns how much of {@code wanted} it takes now. */
  private int room(int wanted) throws IOException {
    lock.lock();
    try {
      while (true) {
        RemoteWindow w = window.get();
        long size = w.isOpen() ? w.getSize() : 0;
        if (size > 0) {
          return (int) Math.min(wanted, size);
        }
        if (closed || !w.isOpen()) {
          throw new IOException("channel closed while waiting for the peer's window");
        }
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("write: interrupted");
    } finally {
      lock.unlock();
    }
  }

  /** {@code out} behind the gate: every write is split to fit the window and flushed. */
  OutputStream wrap(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = room(len);
          out.write(b, off, n);
          out.flush();
          off += n;
          len -= n;
        }
      }
    };
  }
}
