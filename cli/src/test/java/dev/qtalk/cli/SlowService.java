package dev.qtalk.cli;

/** Handlers for {@code serve --handlers} in the tests: one that answers late. */
public final class SlowService {
  /** Answers after {@code millis}. */
  public String nap(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return "awake";
  }

  public String shout(String s) {
    return s.toUpperCase(java.util.Locale.ROOT);
  }
}
