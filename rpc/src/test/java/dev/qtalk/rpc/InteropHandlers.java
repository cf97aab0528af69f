package dev.qtalk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * The Java twins of interop/node/rpc-peer.mjs's handlers: echo, fail, stream, bytes. The browser
 * page's tests serve them too, with handlers of their own added.
 */
public final class InteropHandlers {
  private InteropHandlers() {}

  public static RespondMux mux() {
    return RespondMux.create()
        .handle("echo", (r, c) -> r.reply(c.receive()))
        .handle("fail", (r, c) -> r.error("boom: " + c.receive(String.class)))
        .handle(
            "stream",
            (r, c) -> {
              c.receive();
              r.continueWith("ready");
              int n = 0;
              for (Optional<JsonNode> v = c.next(); v.isPresent(); v = c.next()) {
                r.send(v.get());
                n++;
              }
              r.send(Map.of("count", n));
              c.channel().closeWrite();
            })
        .handle(
            "bytes",
            (r, c) -> {
              c.receive();
              Channel ch = r.continueWith((Object) null);
              ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
              while (ch.read(buf.clear()) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                  ch.write(buf);
                }
              }
              ch.closeWrite();
            });
  }
}
