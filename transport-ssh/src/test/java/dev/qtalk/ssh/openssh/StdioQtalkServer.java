package dev.qtalk.ssh.openssh;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.qmux.internal.NamedAddress;
import dev.qtalk.qmux.internal.QmuxSession;
import dev.qtalk.qmux.internal.StreamConnection;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A qtalk rpc service over stdin/stdout: what an OpenSSH {@code Subsystem qtalk <command>} line
 * runs. Nothing else may write to stdout, so {@code System.out} is pointed at stderr.
 */
public final class StdioQtalkServer {
  private StdioQtalkServer() {}

  /** The service both OpenSSH tests call: {@code upper}, {@code pid} and a byte {@code echo}. */
  public static RespondMux service() {
    return RespondMux.create()
        .handle("upper", (r, call) -> r.reply(call.receive(String.class).toUpperCase(java.util.Locale.ROOT)))
        .handle("pid", (r, call) -> r.reply(ProcessHandle.current().pid()))
        .handle(
            "echo",
            (r, call) -> {
              call.receive(); // the argument frame comes before the raw bytes
              Channel ch = r.continueWith((Object) null);
              ch.inputStream().transferTo(ch.outputStream());
              ch.closeWrite();
            });
  }

  public static void main(String[] args) throws Exception {
    InputStream in = new FileInputStream(FileDescriptor.in);
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    QmuxSession session =
        QmuxSession.start(
            new StreamConnection(in, out, () -> {}, new NamedAddress("stdin"), new NamedAddress("stdout")),
            Options.defaults());
    Server.of(service()).respond(session);
    session.close();
    System.exit(0);
  }
}
