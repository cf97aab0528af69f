// The test page: calls the Java server's handlers with @progrium/duplex over qmux on a WebSocket,
// answers the server's calls back on the same session, and reports every check in the page (a
// table, for people and screenshots) and in window.qtalk (for the driver, drive.mjs).
//
// Query parameters:
//   codec=json|cbor      the rpc codec (default json)
//   path=/qmux           the WebSocket endpoint on this page's own host (default /qmux)
//   ws=URL               connect to this endpoint instead (another origin)
//   mode=test            run the checks (default)
//   mode=refused         expect the WebSocket to be refused (a page of a foreign origin)
//   mode=bench&mib=N     measure one-channel throughput each way with N MiB (raw channel, no rpc)
import { connect, CBORCodec, JSONCodec, HandlerFunc } from "@progrium/duplex";
import { throughput } from "./throughput.js";

const params = new URLSearchParams(location.search);
const codecName = params.get("codec") || "json";
const mode = params.get("mode") || "test";
const wsUrl = params.get("ws") ||
  (location.protocol === "https:" ? "wss://" : "ws://") + location.host + (params.get("path") || "/qmux");

const report = { done: false, ok: false, checks: [], figures: {} };
window.qtalk = report;

function check(name, ok, detail) {
  report.checks.push({ name, ok: !!ok, detail: detail === undefined ? "" : String(detail) });
  const row = document.createElement("tr");
  row.className = ok ? "ok" : "fail";
  for (const text of [name, ok ? "ok" : "FAIL", detail === undefined ? "" : String(detail).slice(0, 120)]) {
    const td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
  }
  document.getElementById("results").appendChild(row);
}

function figure(name, value) {
  report.figures[name] = value;
  check(name, true, value);
}

function finish() {
  report.ok = report.checks.length > 0 && report.checks.every((c) => c.ok);
  report.done = true;
  document.getElementById("status").textContent = report.ok ? "all checks passed" : "some checks FAILED";
}

function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function randomBytes(n) {
  const b = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) crypto.getRandomValues(b.subarray(off, Math.min(n, off + 65536)));
  return b;
}

async function writeAll(ch, bytes) {
  let off = 0;
  while (off < bytes.length) off += await ch.write(bytes.subarray(off, off + Math.min(65536, bytes.length - off)));
}

/** Reads until EOF into `into` (if given), returning the count; stops comparing past its end. */
async function readAll(ch, into) {
  const buf = new Uint8Array(256 * 1024);
  let total = 0;
  for (;;) {
    const n = await ch.read(buf);
    if (n === null) return total;
    if (into) into.set(buf.subarray(0, Math.min(n, into.length - total)), total);
    total += n;
  }
}

async function expectError(peer, selector, arg, want) {
  try {
    const resp = await peer.call(selector, arg);
    check(selector + " error", false, "unexpected value " + JSON.stringify(resp.value));
  } catch (e) {
    check(selector + " error", String(e) === want, String(e));
  }
}

/** Handlers the Java side calls back over the same session. */
function handlers(peer) {
  peer.handle("page.add", HandlerFunc(async (r, c) => {
    const [a, b] = await c.receive();
    r.return(a + b);
  }));
  peer.handle("page.upper", HandlerFunc(async (r, c) => r.return(String(await c.receive()).toUpperCase())));
  peer.handle("page.fail", HandlerFunc(async (r, c) => r.return(new Error("page says no: " + (await c.receive())))));
  peer.handle("page.count", HandlerFunc(async (r, c) => {
    const n = await c.receive();
    const ch = await r.continue(null);
    for (let i = 1; i <= n; i++) await r.send(i);
    await ch.closeWrite();
  }));
}

async function runChecks(peer) {
  const values = [0, 42, -7, 3.5, true, false, "hello", "", null, [1, "two", [3]], { a: 1, b: [true, null], c: { d: "e" } }];
  let echoed = 0;
  for (const v of values) {
    const resp = await peer.call("echo", v);
    if (equal(resp.value, v)) echoed++;
    else check("echo " + JSON.stringify(v), false, JSON.stringify(resp.value));
  }
  check("unary echo", echoed === values.length, echoed + "/" + values.length + " values");

  await expectError(peer, "fail", "x", "boom: x");

  {
    const resp = await peer.call("stream", null);
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
    check("stream of values", resp.continue === true && resp.value === "ready" && equal(got, [...sent, { count: sent.length }]),
      JSON.stringify(got));
    await resp.channel.close();
  }

  {
    const size = 8 * 1024 * 1024;
    const data = randomBytes(size);
    const back = new Uint8Array(size);
    const start = performance.now();
    const resp = await peer.call("bytes", null);
    const ch = resp.channel;
    const sending = (async () => {
      await writeAll(ch, data);
      await ch.closeWrite();
    })();
    const total = await readAll(ch, back);
    await sending;
    const seconds = (performance.now() - start) / 1000;
    let same = total === size;
    for (let i = 0; same && i < size; i++) same = data[i] === back[i];
    check("raw bytes after a continued reply, 8 MiB each way", resp.continue === true && same,
      total + " bytes back, " + (size / 1048576 / seconds).toFixed(1) + " MiB/s each way");
    await ch.close();
  }

  {
    const group = codecName + "-" + Math.random().toString(36).slice(2);
    const calls = Array.from({ length: 100 }, (_, i) => peer.call("together", { group, i }));
    const replies = await Promise.all(calls);
    const right = replies.filter((r, i) => r.value && r.value.i === i && r.value.together === 100).length;
    check("100 channels open at once", right === 100, right + "/100 calls answered while all 100 were open");
  }

  {
    const resp = await peer.call("reverse", null);
    const want = { add: 42, upper: "QTALK", error: "page says no: please", count: [1, 2, 3, 4, 5] };
    const v = resp.value || {};
    check("Java calls the page back", Object.keys(want).every((k) => equal(v[k], want[k])), JSON.stringify(resp.value));
  }

  {
    for (let i = 0; i < 50; i++) await peer.call("echo", i);
    const times = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await peer.call("echo", i);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    figure("unary round trip median ms", times[150].toFixed(3));
    figure("unary round trip p99 ms", times[296].toFixed(3));
  }
}

async function bench(peer) {
  await throughput(peer.session, Number(params.get("mib") || 64), Number(params.get("rounds") || 3), figure);
}

async function refused() {
  const outcome = await new Promise((resolve) => {
    const ws = new WebSocket(wsUrl);
    ws.onopen = () => { ws.close(); resolve("opened"); };
    ws.onerror = () => resolve("refused");
  });
  check("a page of another origin is refused", outcome === "refused", outcome);
}

async function main() {
  try {
    if (mode === "refused") {
      await refused();
      return;
    }
    const codec = codecName === "cbor" ? new CBORCodec() : new JSONCodec();
    const peer = await Promise.race([
      connect(wsUrl, codec),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no WebSocket to " + wsUrl + " within 10 s")), 10000)),
    ]);
    check("connected to " + wsUrl + " (" + codecName + ")", true);
    handlers(peer);
    peer.respond();
    if (mode === "bench") await bench(peer);
    else await runChecks(peer);
    await peer.close();
  } catch (e) {
    check("no exception", false, e && e.stack ? e.stack : String(e));
  } finally {
    finish();
  }
}

main();
