package dev.qtalk.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.DeadlineExceededException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class WaitsTest {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition condition = lock.newCondition();

  @Test
  void zeroMeansNoDeadlineAndNegativeIsRefused() {
    assertThat(Waits.deadline(Duration.ZERO)).isEqualTo(Waits.NO_DEADLINE);
    assertThat(Waits.deadline(Duration.ofDays(100_000))).isLessThan(Waits.NO_DEADLINE);
    assertThatThrownBy(() -> Waits.checkTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout: PT-0.001S (expected: >= 0)");
  }

  @Test
  void aPassedDeadlineIsADeadlineExceededException() {
    lock.lock();
    try {
      long deadline = Waits.deadline(Duration.ofMillis(20));
      assertThatThrownBy(() -> {
            while (true) {
              Waits.await(condition, deadline, "read");
            }
          })
          .isInstanceOf(DeadlineExceededException.class)
          .hasMessage("read: timed out");
    } finally {
      lock.unlock();
    }
  }

  @Test
  void anInterruptIsAnInterruptedIoExceptionAndTheFlagIsKept() {
    lock.lock();
    try {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> Waits.await(condition, Waits.NO_DEADLINE, "accept"))
          .isInstanceOf(InterruptedIOException.class)
          .hasMessage("accept: interrupted");
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      lock.unlock();
    }
  }

  @Test
  void lockInterruptiblyRefusesAnInterruptedThread() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Waits.lockInterruptibly(new ReentrantLock(), "write"))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(Thread.interrupted()).isTrue();
  }
}
