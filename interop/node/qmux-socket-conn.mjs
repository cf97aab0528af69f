// Adapts a Node net.Socket to the conn that @progrium/duplex's Session wants (QTALK-WIRE §6.2):
// read(p) -> Promise<number|null>, write(p) -> Promise<number>, close().
//
// The package's decoder reads a message header with a single read() and decodes whatever it got
// (a short read is taken as zero-filled), so small reads (headers, at most 16 bytes) wait until
// they are filled; larger reads (DATA payloads, which the decoder reads in a loop) return what is
// there. Incoming bytes are bounded: the socket is paused above HIGH_WATER buffered bytes.
const HIGH_WATER = 4 * 1024 * 1024;
const HEADER_MAX = 16;

export class SocketConn {
  constructor(socket) {
    this.socket = socket;
    this.chunks = [];
    this.length = 0;
    this.ended = false;
    this.waiter = null;
    socket.on("data", (d) => {
      this.chunks.push(d);
      this.length += d.length;
      if (this.length > HIGH_WATER) socket.pause();
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on("end", end);
    socket.on("close", end);
    socket.on("error", end);
  }

  wake() {
    const w = this.waiter;
    this.waiter = null;
    if (w) w();
  }

  async read(p) {
    const want = p.length <= HEADER_MAX ? p.length : 1;
    while (this.length < want && !this.ended) {
      await new Promise((resolve) => (this.waiter = resolve));
    }
    if (this.length === 0) return null;
    let n = 0;
    while (n < p.length && this.chunks.length > 0) {
      const c = this.chunks[0];
      const k = Math.min(c.length, p.length - n);
      p.set(c.subarray(0, k), n);
      n += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.length -= n;
    if (this.length <= HIGH_WATER && this.socket.isPaused()) this.socket.resume();
    return n;
  }

  write(p) {
    return new Promise((resolve, reject) => {
      this.socket.write(p, (err) => (err ? reject(err) : resolve(p.length)));
    });
  }

  close() {
    this.socket.end();
  }
}
