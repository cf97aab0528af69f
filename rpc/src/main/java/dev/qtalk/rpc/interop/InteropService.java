package dev.qtalk.rpc.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.rpc.Call;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.Handler;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Responder;
import dev.qtalk.rpc.Response;
import java.io.IOException;
import java.util.Optional;

/**
 * The service that the reference checkers ({@code qtalk check}, {@code duplex check}) drive
 * (QTALK-WIRE §6.3): {@code Error} answers with its argument as the error, {@code Unary}, {@code
 * Stream} and {@code Bytes} call back the checker (as {@code Unary}, {@code Stream}, {@code Bytes}
 * in the qtalk dialect, or {@code UnaryCallback}, {@code StreamCallback}, {@code BytesCallback} in
 * the duplex dialect) and relay between the checker and its callback. Any other selector ({@code
 * BadSelector}) is "not found". Each call is answered in the codec and dialect it arrived in.
 *
 * @since 0.1
 */
public final class InteropService {
  private InteropService() {}

  /** The service's handlers; selectors match case-insensitively, as duplex servers do. */
  public static RespondMux mux() {
    return RespondMux.caseInsensitive()
        .handle("Error", InteropService::error)
        .handle("Unary", InteropService::unary)
        .handle("Stream", InteropService::stream)
        .handle("Bytes", InteropService::bytes);
  }

  /** The name the checker serves a callback under, in the call's dialect. */
  static String callback(Call call, String name) {
    return call.dialect() == Dialect.DUPLEX ? name + "Callback" : name;
  }

  private static void error(Responder r, Call call) throws IOException {
    r.error(call.receive(String.class));
  }

  private static void unary(Responder r, Call call) throws IOException {
    JsonNode params = call.receive();
    r.reply(call.caller().call(callback(call, "Unary"), params));
  }

  private static void stream(Responder r, Call call) throws IOException {
    JsonNode params = call.receive();
    try (Response back = call.caller().invoke(callback(call, "Stream"), params)) {
      r.continueWith(back.value());
      Relay.Background up =
          Relay.background(
              "interop Stream relay",
              () -> {
                for (Optional<JsonNode> v = call.next(); v.isPresent(); v = call.next()) {
                  back.send(v.get());
                }
                back.closeWrite();
              });
      for (Optional<JsonNode> v = back.next(); v.isPresent(); v = back.next()) {
        r.send(v.get());
      }
      up.join();
    }
  }

  private static void bytes(Responder r, Call call) throws IOException {
    JsonNode params = call.receive();
    try (Response back = call.caller().invoke(callback(call, "Bytes"), params)) {
      var ch = r.continueWith(back.value());
      Relay.Background up =
          Relay.background(
              "interop Bytes relay",
              () -> {
                Relay.copy(ch, back.channel());
                back.closeWrite();
              });
      Relay.copy(back.channel(), ch);
      up.join();
    }
  }

  /** Handlers the checker serves for the service to call back, under both dialects' names. */
  public static RespondMux callbacks() {
    Handler unary = (r, c) -> r.reply(c.receive());
    Handler stream =
        (r, c) -> {
          r.continueWith(c.receive());
          for (Optional<JsonNode> v = c.next(); v.isPresent(); v = c.next()) {
            r.send(v.get());
          }
        };
    Handler bytes =
        (r, c) -> {
          var ch = r.continueWith(c.receive());
          Relay.copy(ch, ch);
        };
    return RespondMux.caseInsensitive()
        .handle("Unary", unary)
        .handle("UnaryCallback", unary)
        .handle("Stream", stream)
        .handle("StreamCallback", stream)
        .handle("Bytes", bytes)
        .handle("BytesCallback", bytes);
  }
}
