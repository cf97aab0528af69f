// A TCP connection in the shape @progrium/duplex's Session wants (QTALK-WIRE §6.2):
// read(p) resolves to the number of bytes read, or null at EOF; write(p) to the number written.
// Reads fill p completely unless the connection ends, because the package's qmux decoder reads
// each message's fixed part with a single read().
export function tcpConn(socket) {
  const chunks = [];
  let buffered = 0;
  let ended = false;
  let waiter = null;
  const wake = () => {
    if (waiter) {
      const w = waiter;
      waiter = null;
      w();
    }
  };
  socket.on("data", (d) => {
    chunks.push(d);
    buffered += d.length;
    wake();
  });
  for (const ev of ["end", "close", "error"]) {
    socket.on(ev, () => {
      ended = true;
      wake();
    });
  }
  return {
    async read(p) {
      while (buffered < p.length && !ended) {
        await new Promise((resolve) => (waiter = resolve));
      }
      if (buffered === 0) {
        return null;
      }
      let n = 0;
      while (n < p.length && chunks.length > 0) {
        const c = chunks[0];
        const take = Math.min(c.length, p.length - n);
        p.set(c.subarray(0, take), n);
        n += take;
        if (take === c.length) chunks.shift();
        else chunks[0] = c.subarray(take);
      }
      buffered -= n;
      return n;
    },
    write(p) {
      return new Promise((resolve, reject) =>
        socket.write(p, (err) => (err ? reject(err) : resolve(p.length)))
      );
    },
    close() {
      socket.end();
    },
  };
}
