package dev.qtalk.rpc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.rpc.internal.FrameStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * An incoming call as its handler sees it: the selector, the caller's values (first the argument,
 * then, after {@link Responder#continueWith}, whatever else the caller streams), the call's
 * channel, and a {@link #caller()} for calling back the other way over the same session.
 */
public final class Call {
  private final String selector;
  private final String rawSelector;
  private final Dialect dialect;
  private final FrameStream stream;
  private final Client caller;

  /** For handlers' tests and for servers; applications receive calls from a {@link Server}. */
  public Call(
      String rawSelector, Dialect dialect, Channel channel, Codec codec, int maxFrameSize, Client caller) {
    this.rawSelector = Objects.requireNonNull(rawSelector, "rawSelector");
    this.selector = dev.qtalk.rpc.internal.Selectors.clean(rawSelector, false);
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.stream =
        new FrameStream(
            Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(codec, "codec"), maxFrameSize);
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  /** The selector in canonical form: a leading {@code /}, dots turned into slashes. */
  public String selector() {
    return selector;
  }

  /** The selector exactly as the caller sent it. */
  public String rawSelector() {
    return rawSelector;
  }

  /** The dialect the call arrived in; the reply uses the same. */
  public Dialect dialect() {
    return dialect;
  }

  /** The codec the call arrived in; the reply uses the same. */
  public Codec codec() {
    return stream.codec();
  }

  /** The call's channel: after {@link Responder#continueWith} it may carry raw bytes both ways. */
  public Channel channel() {
    return stream.channel();
  }

  /** A client over the same session, in this call's codec and dialect, for calls back to the caller. */
  public Client caller() {
    return caller;
  }

  /**
   * Reads the next value the caller sent (the argument first) as a tree.
   *
   * @throws java.io.EOFException if the caller sent no more
   * @throws FrameTooLargeException if the value is larger than the server allows
   */
  public JsonNode receive() throws IOException {
    return stream.receive();
  }

  /** Reads the next value as {@code type}; see {@link #receive()}. */
  public <T> T receive(Class<T> type) throws IOException {
    return stream.receive(type);
  }

  /** Reads the next value as {@code type}; see {@link #receive()}. */
  public <T> T receive(TypeReference<T> type) throws IOException {
    return stream.receive(type);
  }

  /** The next value as a tree, or empty once the caller has half-closed: for streaming loops. */
  public Optional<JsonNode> next() throws IOException {
    return stream.next();
  }

  @Override
  public String toString() {
    return "Call{" + selector + ", " + dialect + ", " + codec() + "}";
  }
}
