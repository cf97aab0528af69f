package dev.qtalk.cli;

import dev.qtalk.DeadlineExceededException;
import dev.qtalk.TransportNotFoundException;
import dev.qtalk.rpc.RemoteException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns a command's exception into one line on standard error and an {@link ExitCodes} code. */
final class Failures implements IExecutionExceptionHandler {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.cli");

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    LOG.log(System.Logger.Level.DEBUG, "command failed", e);
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    Main.error(cl, describe(t));
    return code(t);
  }

  /** picocli's handler for a bad command line: the problem, then where to read more. */
  static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    Main.error(cl, e.getMessage() + " (see: " + cl.getCommandSpec().qualifiedName() + " --help)");
    return ExitCodes.USAGE;
  }

  static int code(Throwable t) {
    if (t instanceof RemoteException) {
      return ExitCodes.FAILED;
    } else if (t instanceof IllegalArgumentException || t instanceof TransportNotFoundException) {
      return ExitCodes.USAGE;
    } else if (t instanceof DeadlineExceededException
        || t instanceof TimeoutException
        || (t instanceof InterruptedIOException && !(t.getCause() instanceof InterruptedException))) {
      return ExitCodes.TIMEOUT;
    } else if (t instanceof IOException) {
      return ExitCodes.UNREACHABLE;
    }
    return ExitCodes.FAILED;
  }

  static String describe(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof RemoteException r) {
      return "remote error: " + r.remoteMessage() + " (from " + r.selector() + ")";
    } else if (t instanceof ConnectException) {
      return m + " (is a server listening there? start one with: qtalk serve URI)";
    } else if (t instanceof UnknownHostException) {
      return "unknown host " + m + " (check the URI's host name)";
    } else if (t instanceof TransportNotFoundException) {
      return m + " (see: qtalk transports)";
    } else if (t instanceof IOException || t instanceof IllegalArgumentException) {
      return m;
    }
    return t.toString();
  }
}
