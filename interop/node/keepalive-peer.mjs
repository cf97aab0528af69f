// A qmux peer built on the npm package @progrium/duplex (0.2.2) that does nothing but accept, for
// the Java keepalive test.
//
//   node keepalive-peer.mjs PORT
//
// It connects to a Java qmux+tcp listener on 127.0.0.1:PORT and accepts channels until Java ends
// the session. Java's keepalive pings (OPEN with max packet 0) must be refused by the package
// itself with OPEN_FAILURE, never reaching this application: when the session ends it prints one
// JSON line {"accepted":N} with the number of channels the application saw, and exits 0.
import net from "node:net";
import { Session } from "@progrium/duplex";
import { SocketConn } from "./qmux-socket-conn.mjs";

const port = Number(process.argv[2]);
let accepted = 0;

async function run(conn) {
  const session = new Session(conn);
  (async () => {
    while (true) {
      const ch = await session.accept();
      if (!ch) break;
      accepted++;
      process.stderr.write("keepalive-peer: the application was handed a channel\n");
    }
  })().catch(() => {});
  process.stdout.write(JSON.stringify({ ready: true }) + "\n");
  try {
    await session.done;
  } catch (e) {
    // the session ended with an error: still report what the application saw
  }
  process.stdout.write(JSON.stringify({ accepted }) + "\n");
  process.exit(0);
}

const socket = net.connect({ host: "127.0.0.1", port });
socket.setNoDelay(true);
socket.on("connect", () => run(new SocketConn(socket)));
socket.on("close", () => {
  process.stdout.write(JSON.stringify({ accepted }) + "\n");
  process.exit(0);
});
socket.on("error", (e) => {
  console.error("keepalive-peer socket error:", e.message);
  process.exit(1);
});
