package dev.qtalk.cli;

import picocli.CommandLine.Command;

/** Mixed into every command: the exit codes of {@link ExitCodes} in its {@code --help}. */
@Command(
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:a remote error, a failed check, or a transport not certified",
      "2:bad command line, or no transport for the URI's scheme",
      "3:the peer could not be reached or the session broke",
      "4:a timeout passed"
    })
final class ExitCodeHelp {}
