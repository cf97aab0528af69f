package dev.qtalk.rpc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.rpc.internal.FrameStream;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A successful reply. A plain reply holds every value the handler returned (qtalk-go handlers may
 * return several; JavaScript ones return one) and its channel is already closed. A {@linkplain
 * #continued() continued} reply holds the first value and keeps the channel open for more values
 * ({@link #send}, {@link #receive()}) or raw bytes ({@link #channel()}); close it when done.
 *
 * @since 0.1
 */
public final class Response implements Closeable {
  private final String selector;
  private final FrameStream stream;
  private final boolean continued;
  private final List<JsonNode> values;

  Response(String selector, FrameStream stream, boolean continued, List<JsonNode> values) {
    this.selector = selector;
    this.stream = stream;
    this.continued = continued;
    this.values = List.copyOf(values);
  }

  public String selector() {
    return selector;
  }

  /** Whether the handler continued the call, keeping the channel open. */
  public boolean continued() {
    return continued;
  }

  /** Every value frame of the reply, in order (at least one for a well-behaved peer). */
  public List<JsonNode> values() {
    return values;
  }

  /** The first value ({@code NullNode} if the peer sent none). */
  public JsonNode value() {
    return values.isEmpty() ? stream.codec().mapper().nullNode() : values.get(0);
  }

  /** The first value as {@code type}. */
  public <T> T value(Class<T> type) throws IOException {
    return stream.codec().convert(value(), type);
  }

  /** The first value as {@code type}. */
  public <T> T value(TypeReference<T> type) throws IOException {
    return stream.codec().convert(value(), stream.codec().mapper().getTypeFactory().constructType(type));
  }

  /** Value {@code index} as {@code type}. */
  public <T> T value(int index, Class<T> type) throws IOException {
    return stream.codec().convert(values.get(index), type);
  }

  /** The call's channel (of a continued reply: open, for raw bytes both ways). */
  public Channel channel() {
    return stream.channel();
  }

  public Codec codec() {
    return stream.codec();
  }

  /** Sends one more value to the handler (continued replies only). */
  public void send(Object value) throws IOException {
    requireContinued("send");
    stream.send(value);
  }

  /** Reads the handler's next value; {@link java.io.EOFException} at its end. */
  public JsonNode receive() throws IOException {
    requireContinued("receive");
    return stream.receive();
  }

  /** Reads the handler's next value as {@code type}. */
  public <T> T receive(Class<T> type) throws IOException {
    requireContinued("receive");
    return stream.receive(type);
  }

  /** The handler's next value, or empty once it has half-closed. */
  public Optional<JsonNode> next() throws IOException {
    requireContinued("next");
    return stream.next();
  }

  /** Half-closes: the handler reads the end of the stream; values can still arrive. */
  public void closeWrite() throws IOException {
    stream.channel().closeWrite();
  }

  /** Closes the call's channel. Idempotent. */
  @Override
  public void close() throws IOException {
    stream.channel().close();
  }

  private void requireContinued(String what) {
    if (!continued) {
      throw new IllegalStateException(what + ": the reply was not continued, so the call is over");
    }
  }

  @Override
  public String toString() {
    return "Response{" + selector + (continued ? ", continued" : "") + ", " + values + "}";
  }
}
