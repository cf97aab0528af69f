// The Node side of the rpc interop tests (rpc/src/test/java/dev/qtalk/rpc/NodeInteropTest.java),
// built on the npm package @progrium/duplex@0.2.2 (duplex dialect) over TCP.
//
//   node rpc-peer.mjs serve <json|cbor>         serve the handlers below on 127.0.0.1:<port>,
//                                               print "PORT <port>", exit when the session ends
//   node rpc-peer.mjs call <json|cbor> <port>   call the same handlers served by Java and check
//                                               every answer; print one line per check, exit 0
//                                               only if all passed
//
// Handlers (the Java side serves the same ones):
//   echo(v)    returns v
//   fail(v)    fails with "boom: " + v
//   stream()   continues with "ready", echoes every value it receives, and after the caller's
//              EOF sends {"count": n} and ends
//   bytes()    continues with null and echoes raw bytes until the caller's EOF
import net from "node:net";
import { createHash, randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { Session, Peer, CBORCodec, JSONCodec, HandlerFunc } from "@progrium/duplex";
import { tcpConn } from "./rpc-tcp.mjs";

const [mode, codecName, port] = process.argv.slice(2);
const codec = codecName === "cbor" ? new CBORCodec() : new JSONCodec();

function handlers(peer) {
  peer.handle("echo", HandlerFunc(async (r, c) => r.return(await c.receive())));
  peer.handle("fail", HandlerFunc(async (r, c) => r.return(new Error("boom: " + (await c.receive())))));
  peer.handle("stream", HandlerFunc(async (r, c) => {
    await c.receive();
    const ch = await r.continue("ready");
    let n = 0;
    for (;;) {
      const v = await c.receive();
      if (v === null || v === undefined) break;
      await r.send(v);
      n++;
    }
    await r.send({ count: n });
    await ch.closeWrite();
    await ch.close();
  }));
  peer.handle("bytes", HandlerFunc(async (r, c) => {
    await c.receive();
    const ch = await r.continue(null);
    const buf = new Uint8Array(32 * 1024);
    for (;;) {
      const n = await ch.read(buf);
      if (n === null) break;
      let off = 0;
      while (off < n) off += await ch.write(buf.slice(off, n));
    }
    await ch.closeWrite();
    await ch.close();
  }));
}

async function serve() {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    server.close();
    const sess = new Session(tcpConn(socket));
    const peer = new Peer(sess, codec);
    handlers(peer);
    peer.respond().then(() => process.exit(0), (e) => {
      console.error("respond failed:", e);
      process.exit(1);
    });
  });
  server.listen(0, "127.0.0.1", () => console.log("PORT " + server.address().port));
}

const results = [];
function check(name, ok, detail) {
  results.push(ok);
  console.log((ok ? "ok " : "FAIL ") + name + (detail === undefined ? "" : " " + JSON.stringify(detail)));
}

async function expectError(peer, selector, arg, want) {
  try {
    const resp = await peer.call(selector, arg);
    check(selector, false, { unexpectedValue: resp.value });
  } catch (e) {
    check(selector + " error", String(e) === want, String(e));
  }
}

async function call() {
  const socket = net.connect(Number(port), "127.0.0.1");
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.setNoDelay(true);
  const sess = new Session(tcpConn(socket));
  const peer = new Peer(sess, codec);

  const values = [0, 42, -7, 3.5, true, false, "hello", "", null, [1, "two", [3]], { a: 1, b: [true, null], c: { d: "e" } }];
  for (const v of values) {
    const resp = await peer.call("echo", v);
    check("echo " + JSON.stringify(v), isDeepStrictEqual(resp.value, v), resp.value);
  }
  await expectError(peer, "fail", "x", "boom: x");
  await expectError(peer, "nope.nothing", null, "not found: /nope/nothing");

  {
    const resp = await peer.call("stream", null);
    check("stream continued", resp.continue === true && resp.value === "ready", resp.value);
    const sent = ["a", 1, { b: 2 }, [3]];
    const sending = (async () => {
      for (const v of sent) await resp.send(v);
      await resp.channel.closeWrite();
    })();
    const got = [];
    for (;;) {
      const v = await resp.receive();
      if (v === null || v === undefined) break;
      got.push(v);
    }
    await sending;
    check("stream values", isDeepStrictEqual(got, [...sent, { count: sent.length }]), got);
    await resp.channel.close();
  }

  {
    const data = randomBytes(1024 * 1024);
    const resp = await peer.call("bytes", null);
    check("bytes continued", resp.continue === true, resp.value);
    const ch = resp.channel;
    const sending = (async () => {
      const step = 64 * 1024;
      for (let off = 0; off < data.length; off += step) {
        await ch.write(new Uint8Array(data.subarray(off, off + step)));
      }
      await ch.closeWrite();
    })();
    const hash = createHash("sha256");
    let total = 0;
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await ch.read(buf);
      if (n === null) break;
      hash.update(buf.subarray(0, n));
      total += n;
    }
    await sending;
    const want = createHash("sha256").update(data).digest("hex");
    check("bytes 1 MiB each way", total === data.length && hash.digest("hex") === want, total);
    await ch.close();
  }

  const failed = results.filter((ok) => !ok).length;
  console.log(failed === 0 ? "ALL PASSED " + results.length : "FAILED " + failed + " of " + results.length);
  socket.destroy();
  process.exit(failed === 0 ? 0 : 1);
}

if (mode === "serve") {
  serve();
} else if (mode === "call") {
  call().catch((e) => {
    console.log("FAIL exception " + (e && e.stack ? e.stack : String(e)));
    process.exit(1);
  });
} else {
  console.error("usage: node rpc-peer.mjs serve <json|cbor> | call <json|cbor> <port>");
  process.exit(2);
}
