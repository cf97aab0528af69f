package dev.qtalk.rpc.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Session;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.RemoteException;
import dev.qtalk.rpc.Response;
import dev.qtalk.rpc.RpcException;
import dev.qtalk.rpc.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Drives an interop service over a session the way the reference checker ({@code qtalk check})
 * does (QTALK-WIRE §6.3): it serves the callbacks, then checks Error, BadSelector, Unary with five
 * kinds of value, Stream, and Bytes with 1 B, 1 KiB and 1 MiB. Each passed check adds a line to the
 * result; the first failure throws.
 *
 * @since 0.1
 */
public final class InteropChecker {
  private static final List<Object> UNARY_VALUES =
      List.of(100, true, "hello", Map.of("foo", "bar"), List.of(1, 2, 3));
  private static final List<Object> STREAM_VALUES = List.of("Hello", 123, true);
  private static final int[] BYTE_SIZES = {1, 1024, 1024 * 1024};

  private final Client client;
  private final Codec codec;

  private InteropChecker(Session session, Codec codec, Dialect dialect, Duration timeout) {
    this.client = Client.builder(session).codec(codec).dialect(dialect).timeout(timeout).build();
    this.codec = codec;
  }

  /**
   * Serves the callbacks on {@code session} and runs every check against the service on its other
   * end.
   *
   * @return one line per passed check
   * @throws InteropCheckException at the first check that fails
   */
  public static List<String> check(Session session, Codec codec, Dialect dialect) throws IOException {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(dialect, "dialect");
    Server.of(InteropService.callbacks()).start(session);
    return new InteropChecker(session, codec, dialect, Duration.ofSeconds(30)).run();
  }

  private List<String> run() throws IOException {
    List<String> passed = new ArrayList<>();
    passed.add(expectError("Error", "test", "test"));
    passed.add(expectError("BadSelector", "test", "not found: /BadSelector"));
    for (Object v : UNARY_VALUES) {
      JsonNode want = codec.mapper().valueToTree(v);
      JsonNode got = client.call("Unary", v);
      if (!want.equals(got)) {
        throw new InteropCheckException("Unary(" + want + ") returned " + got);
      }
      passed.add("Unary: " + got);
    }
    passed.add(stream());
    long seed = 0x5eed;
    for (int size : BYTE_SIZES) {
      passed.add(bytes(size, new Random(seed++)));
    }
    return passed;
  }

  private String expectError(String selector, String arg, String expected) throws IOException {
    try {
      JsonNode v = client.call(selector, arg);
      throw new InteropCheckException(selector + ": expected a remote error, got the value " + v);
    } catch (RemoteException e) {
      // duplex reports the selector as sent; qtalk-go reports it in canonical form
      if (!e.remoteMessage().toLowerCase(Locale.ROOT).replace("not found: /", "not found: ")
          .equals(expected.toLowerCase(Locale.ROOT).replace("not found: /", "not found: "))) {
        throw new InteropCheckException(
            selector + ": expected the remote error \"" + expected + "\", got \"" + e.remoteMessage() + "\"");
      }
      return selector + ": " + e.remoteMessage();
    }
  }

  private String stream() throws IOException {
    try (Response r = client.invoke("Stream", null)) {
      if (!r.continued()) {
        throw new InteropCheckException("Stream: the reply was not continued");
      }
      Relay.Background sender =
          Relay.background(
              "interop check Stream sender",
              () -> {
                for (Object v : STREAM_VALUES) {
                  r.send(v);
                }
                r.closeWrite();
              });
      List<JsonNode> got = new ArrayList<>();
      for (Optional<JsonNode> v = r.next(); v.isPresent(); v = r.next()) {
        got.add(v.get());
      }
      sender.join();
      List<JsonNode> want = STREAM_VALUES.stream().<JsonNode>map(v -> codec.mapper().valueToTree(v)).toList();
      if (!want.equals(got)) {
        throw new InteropCheckException("Stream: sent " + want + ", got back " + got);
      }
      return "Stream: " + got;
    }
  }

  private String bytes(int size, Random random) throws IOException {
    byte[] data = new byte[size];
    random.nextBytes(data);
    try (Response r = client.invoke("Bytes", null)) {
      if (!r.continued()) {
        throw new InteropCheckException("Bytes: the reply was not continued");
      }
      Relay.Background sender =
          Relay.background(
              "interop check Bytes sender",
              () -> {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                  r.channel().write(b);
                }
                r.closeWrite();
              });
      ByteArrayOutputStream got = new ByteArrayOutputStream(size);
      ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
      while (r.channel().read(buf.clear()) >= 0) {
        got.write(buf.array(), 0, buf.position());
      }
      sender.join();
      if (!Arrays.equals(data, got.toByteArray())) {
        throw new InteropCheckException(
            "Bytes: sent " + size + " bytes, got back " + got.size() + (got.size() == size ? " different ones" : ""));
      }
      return "Bytes: " + got.size();
    }
  }

  /** A check of the interop service failed. */
  public static final class InteropCheckException extends RpcException {
    public InteropCheckException(String message) {
      super(message);
    }
  }
}
