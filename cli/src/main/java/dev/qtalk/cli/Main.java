package dev.qtalk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code qtalk}: the command line entry point. */
@Command(
    name = "qtalk",
    mixinStandardHelpOptions = true,
    version = "qtalk 0.1.0",
    description = "Sessions of flow-controlled channels over pluggable transports, and rpc on top.",
    subcommands = {
      DemoCommand.class,
      ChannelsDemoCommand.class,
      InteropCommand.class,
      CheckCommand.class,
      BenchCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
