// A qmux peer built on the npm package @progrium/duplex (0.2.2), for the Java interop test.
//
//   node qmux-interop.mjs ADDRESS BYTES
//
// ADDRESS is a TCP port on 127.0.0.1 (a Java qmux+tcp listener, reached through SocketConn) or a
// ws:// or wss:// URL (a Java qmux+ws or qmux+wss listener, reached through the package's own
// WebSocket transport).
// Once connected it does, at the same time:
//  * accepts the channel Java opens: reads it to EOF (Java half-closed), then sends BYTES random
//    bytes back and half-closes;
//  * opens a channel to Java: sends BYTES random bytes and half-closes, then reads Java's reply to
//    EOF.
// For each channel it prints one JSON line on stdout with the SHA-256 of what it sent and of what
// it received; Java compares them with its own. It exits 0 when Java ends the session, 1 on error.
import net from "node:net";
import { createHash, randomFillSync } from "node:crypto";
import { options as peerOptions, Session } from "@progrium/duplex";
import { SocketConn } from "./qmux-socket-conn.mjs";

const address = process.argv[2];
const bytes = Number(process.argv[3]);
// about 1 MB per write, not a multiple of anything Java uses: larger than Java's max packet, so one
// write becomes several DATA messages and exercises the package's stop-and-wait writer (§7)
const CHUNK = 1_000_003;

function report(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

async function sendRandom(ch, total) {
  const hash = createHash("sha256");
  let left = total;
  while (left > 0) {
    const chunk = new Uint8Array(Math.min(CHUNK, left));
    randomFillSync(chunk);
    hash.update(chunk);
    await ch.write(chunk);
    left -= chunk.length;
  }
  await ch.closeWrite();
  return hash.digest("hex");
}

async function readAll(ch) {
  const hash = createHash("sha256");
  let count = 0;
  const buf = new Uint8Array(64 * 1024);
  while (true) {
    const n = await ch.read(buf);
    if (n === null) break;
    hash.update(buf.subarray(0, n));
    count += n;
  }
  return { sha256: hash.digest("hex"), count };
}

async function acceptFromJava(session) {
  const ch = await session.accept();
  if (!ch) throw new Error("session ended before Java opened a channel");
  const got = await readAll(ch); // Java half-closed: we saw EOF ...
  const sent = await sendRandom(ch, bytes); // ... and can still write the other way
  report({ channel: "java-opened", received: got.sha256, receivedBytes: got.count, sent });
  await ch.close();
}

async function openToJava(session) {
  const ch = await session.open();
  const sent = await sendRandom(ch, bytes); // we half-close ...
  const got = await readAll(ch); // ... and Java still writes back until its own EOF
  report({ channel: "node-opened", received: got.sha256, receivedBytes: got.count, sent });
  await ch.close();
}

async function run(conn) {
  const session = new Session(conn);
  try {
    await Promise.all([acceptFromJava(session), openToJava(session)]);
    report({ done: true });
    await session.done; // until Java ends the session
    process.exit(0);
  } catch (e) {
    console.error("qmux-interop failed:", e);
    process.exit(1);
  }
}

if (address.startsWith("ws://") || address.startsWith("wss://")) {
  // the package's WebSocket transport (the npm "ws" client): one binary message per write; for
  // wss:// Node verifies the certificate (trust a test CA with NODE_EXTRA_CA_CERTS)
  peerOptions.transport.connect(address, () => {}).then(run);
} else {
  const socket = net.connect({ host: "127.0.0.1", port: Number(address) });
  socket.setNoDelay(true);
  socket.on("connect", () => run(new SocketConn(socket)));
  socket.on("error", (e) => {
    console.error("qmux-interop socket error:", e.message);
    process.exit(1);
  });
}
