package dev.qtalk.tck;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The heap in use after garbage collection, for the resource rules that look for retained memory. */
final class Heap {
  private Heap() {}

  /** Bytes of heap in use after a few full collections (the smallest of three readings). */
  static long usedAfterGc() throws InterruptedException {
    MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50); // let reference handlers and cleaners run between collections
      least = Math.min(least, bean.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
