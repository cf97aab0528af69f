package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * What every suite of rules shares: the transport under test, pairs closed after each test,
 * background tasks on virtual threads with liveness bounds, and capability checks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class RuleSuite {
  /** How soon "promptly" is: the liveness bound for calls that must be released. */
  static final Duration PROMPT = Duration.ofSeconds(TckProperties.intValue("qtalk.tck.promptSeconds", 5));
  /** The bound for work that must finish but may take a while (bulk transfers). */
  static final Duration LONG = Duration.ofSeconds(TckProperties.intValue("qtalk.tck.longSeconds", 90));

  final TransportTck kit;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  final ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor();
  TestReporter reporter;

  RuleSuite(TransportTck kit) {
    this.kit = kit;
  }

  @BeforeEach
  final void describe(TestReporter reporter) throws Exception {
    this.reporter = reporter;
    reporter.publishEntry("tck.transport", kit.transportName());
    reporter.publishEntry("tck.capabilities", String.valueOf(kit.capabilities()));
    Baseline.takeOnce(kit);
  }

  @AfterEach
  final void cleanUp() {
    tasks.shutdownNow();
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        // closing is best effort after a test
      }
    }
    toClose.clear();
  }

  /** Skips the rule, with the reason, unless the transport declares {@code c}. */
  final void requires(Capability c) {
    assumeTrue(
        kit.capabilities().contains(c),
        () -> "needs capability " + c + ", which " + kit.transportName() + " does not declare");
  }

  /** Skips this rule, saying why, if the transport declares it a known defect. */
  final void unlessKnownDefect(String rule) {
    String why = kit.knownDefects().get(rule);
    assumeTrue(why == null, () -> "known defect of " + kit.transportName() + ", not a pass: " + why);
  }

  final boolean has(Capability c) {
    return kit.capabilities().contains(c);
  }

  final SessionPair pair() throws Exception {
    return pair(Options.defaults());
  }

  final SessionPair pair(Options options) throws Exception {
    SessionPair p = kit.connect(options);
    toClose.add(p);
    return p;
  }

  final <T extends AutoCloseable> T closeLater(T c) {
    toClose.add(c);
    return c;
  }

  /** Opens a channel from {@code p.client()} and accepts it on {@code p.server()}. */
  static Channel[] openPair(SessionPair p) throws Exception {
    Channel c = p.client().open(PROMPT.multipliedBy(2));
    Channel s = p.server().accept(PROMPT.multipliedBy(2));
    return new Channel[] {c, s};
  }

  /** Interrupts {@code call}'s thread after the test if it is still running. */
  final <T> BlockedCalls.Call<T> closeLaterCall(BlockedCalls.Call<T> call) {
    toClose.add(() -> call.thread().interrupt());
    return call;
  }

  final <T> Future<T> async(Callable<T> task) {
    return tasks.submit(task);
  }

  final Future<Void> run(ThrowingRunnable task) {
    return tasks.submit(
        () -> {
          task.run();
          return null;
        });
  }

  /** Waits for {@code f}; fails the rule if it takes longer than {@code bound}; rethrows its failure. */
  static <T> T await(Future<T> f, Duration bound, String what) throws Exception {
    try {
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail(what + " did not finish within " + bound.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Waits for {@code f} and returns what it threw; fails if it finished normally or too late. */
  static Throwable awaitFailure(Future<?> f, Duration bound, String what) throws Exception {
    try {
      Object v = f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return fail(what + " returned " + v + " (expected: an exception)");
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail(what + " was not released within " + bound.toMillis() + " ms");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** Reads exactly {@code n} bytes, failing at a premature end of stream. */
  static byte[] readN(Channel ch, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new EOFException("end of stream after " + buf.position() + " of " + n + " bytes");
      }
    }
    return buf.array();
  }

  /** Reads until end of stream and returns the byte count, checking each byte against {@code expected}. */
  static long readAllChecking(Channel ch, SeededBytes expected, int bufferSize) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(bufferSize);
    long total = 0;
    while (true) {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) {
        return total;
      }
      expected.verify(buf.array(), 0, n, total);
      total += n;
    }
  }

  /** Writes every byte of {@code b}. */
  static void writeAll(Channel ch, byte[] b) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** Publishes a figure that the certification report lists beside the rule. */
  final void note(String key, Object value) {
    reporter.publishEntry("tck." + key, String.valueOf(value));
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
