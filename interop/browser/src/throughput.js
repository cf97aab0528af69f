// One-channel throughput each way over a duplex Session, shared by the page (mode=bench) and the
// Node client (node-bench.mjs) so that both run exactly the same code against the Java server
// (bench/src/main/java/dev/qtalk/bench/WsBenchServer.java). Each round opens one raw channel per
// direction: 'U' + size, then the bytes (the server answers one byte once it has them all), or
// 'D' + size (the server sends them).

async function writeAll(ch, bytes) {
  let off = 0;
  while (off < bytes.length) off += await ch.write(bytes.subarray(off));
}

async function drain(ch) {
  const buf = new Uint8Array(256 * 1024);
  let total = 0;
  for (let n; (n = await ch.read(buf)) !== null;) total += n;
  return total;
}

function request(op, size) {
  const h = new Uint8Array(9);
  h[0] = op.charCodeAt(0);
  new DataView(h.buffer).setBigUint64(1, BigInt(size));
  return h;
}

/** Reports "upload MiB/s #i" and "download MiB/s #i" for each round through report(name, value). */
export async function throughput(session, mib, rounds, report) {
  const size = mib * 1024 * 1024;
  const chunk = new Uint8Array(256 * 1024);
  for (let off = 0; off < chunk.length; off += 65536) crypto.getRandomValues(chunk.subarray(off, off + 65536));
  for (let round = 0; round < rounds; round++) {
    {
      const ch = await session.open();
      await writeAll(ch, request("U", size));
      const start = performance.now();
      for (let off = 0; off < size; off += chunk.length) await writeAll(ch, chunk.subarray(0, Math.min(chunk.length, size - off)));
      await ch.closeWrite();
      const ack = await drain(ch);
      const seconds = (performance.now() - start) / 1000;
      await ch.close();
      report("upload MiB/s #" + round, ack === 1 ? (mib / seconds).toFixed(1) : "no-ack");
    }
    {
      const ch = await session.open();
      await writeAll(ch, request("D", size));
      await ch.closeWrite();
      const start = performance.now();
      const got = await drain(ch);
      const seconds = (performance.now() - start) / 1000;
      await ch.close();
      report("download MiB/s #" + round, got === size ? (mib / seconds).toFixed(1) : "short-" + got);
    }
  }
}
