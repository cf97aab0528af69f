// The Node side of the browser throughput comparison: npm @progrium/duplex on Node (its own
// WebSocket transport, the npm "ws" package) running the page's throughput code against the same
// Java server.
//
//   node node-bench.mjs ws://127.0.0.1:PORT/qmux MIB ROUNDS
//
// Prints "FIGURE <name> <value>" lines like drive.mjs.
import { connect, JSONCodec } from "@progrium/duplex";
import { throughput } from "./src/throughput.js";

const [url, mib = "64", rounds = "3"] = process.argv.slice(2);
const peer = await connect(url, new JSONCodec());
await throughput(peer.session, Number(mib), Number(rounds), (name, value) => console.log("FIGURE " + name + " " + value));
await peer.close();
process.exit(0);
