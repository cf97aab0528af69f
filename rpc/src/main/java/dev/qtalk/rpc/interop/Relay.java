package dev.qtalk.rpc.interop;

import dev.qtalk.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Copies raw bytes between channels, as Go's {@code io.Copy} does in the interop service. */
final class Relay {
  private Relay() {}

  /** Copies until {@code from} ends; returns the byte count. Does not close either side. */
  static long copy(Channel from, Channel to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
    long total = 0;
    while (true) {
      buf.clear();
      int n = from.read(buf);
      if (n < 0) {
        return total;
      }
      buf.flip();
      while (buf.hasRemaining()) {
        to.write(buf);
      }
      total += n;
    }
  }

  /** Runs {@code task} on a virtual thread; {@link #join} rethrows what it threw. */
  static Background background(String name, IoTask task) {
    Background b = new Background();
    b.thread =
        Thread.ofVirtual()
            .name(name)
            .start(
                () -> {
                  try {
                    task.run();
                  } catch (IOException | RuntimeException e) {
                    b.failure = e;
                  }
                });
    return b;
  }

  @FunctionalInterface
  interface IoTask {
    void run() throws IOException;
  }

  static final class Background {
    private Thread thread;
    private volatile Exception failure;

    void join() throws IOException {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting for " + thread.getName());
      }
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure instanceof RuntimeException re) {
        throw re;
      }
    }
  }
}
