package dev.qtalk.cli;

/** The exit codes of every {@code qtalk} command, one meaning each. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;
  /** It ran but the answer is no: a remote error, a failed check, a transport not certified. */
  static final int FAILED = 1;
  /** The command line is wrong, or no transport handles the URI's scheme. */
  static final int USAGE = 2;
  /** The peer could not be reached, or the session broke. */
  static final int UNREACHABLE = 3;
  /** A deadline ({@code --timeout}, a connect or open timeout) passed. */
  static final int TIMEOUT = 4;

  private ExitCodes() {}
}
