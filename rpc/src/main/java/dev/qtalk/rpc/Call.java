package dev.qtalk.rpc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.rpc.internal.FrameStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An incoming call as its handler sees it: the selector, the caller's values (first the argument,
 * then, after {@link Responder#continueWith}, whatever else the caller streams), the call's
 * channel, and a {@link #caller()} for calling back the other way over the same session.
 *
 * <p><b>Cancellation.</b> When the caller cancels the call, passes its deadline or hangs up before
 * the handler has answered, or the server {@linkplain Server#shutdownNow() stops at once}, the
 * call is cancelled: {@link #isCancelled()} turns true, the {@link #onCancel} callbacks run, and
 * the handler's thread is interrupted, so a blocking call in the handler throws {@link
 * InterruptedException} or {@link java.io.InterruptedIOException}. A server notices a caller
 * that hangs up within about a tenth of a second once the handler has run for 50 ms (it then
 * watches the channel); a handler reading the channel itself sees the end at once. After the
 * handler has {@linkplain Responder#continueWith continued}, it owns the channel and sees the
 * caller's end in its own reads.
 *
 * <p><b>Deadline.</b> A caller with a deadline sends the time it has left in the call header;
 * {@link #deadline()} is that moment on this machine's clock.
 *
 * @since 0.1
 */
public final class Call {
  private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

  private final String selector;
  private final String rawSelector;
  private final Dialect dialect;
  private final FrameStream stream;
  private final Client caller;
  private final Instant deadline;
  private final CompletionStage<Void> cancelled;

  /** For handlers' tests and for servers; applications receive calls from a {@link Server}. */
  public Call(
      String rawSelector, Dialect dialect, Channel channel, Codec codec, int maxFrameSize, Client caller) {
    this(rawSelector, dialect, channel, codec, maxFrameSize, caller, null, NEVER);
  }

  /**
   * For servers: a call with the caller's deadline ({@code null} for none) and a stage that
   * completes when the call is cancelled.
   */
  public Call(
      String rawSelector, Dialect dialect, Channel channel, Codec codec, int maxFrameSize, Client caller,
      Instant deadline, CompletionStage<Void> cancelled) {
    this.rawSelector = Objects.requireNonNull(rawSelector, "rawSelector");
    this.selector = dev.qtalk.rpc.internal.Selectors.clean(rawSelector, false);
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.stream =
        new FrameStream(
            Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(codec, "codec"), maxFrameSize);
    this.caller = Objects.requireNonNull(caller, "caller");
    this.deadline = deadline;
    this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
  }

  /** When the caller gives up on this call, if it sent a deadline. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** What is left until {@link #deadline()} (negative once it passed), if the caller sent one. */
  public Optional<Duration> timeLeft() {
    return deadline == null ? Optional.empty() : Optional.of(Duration.between(Instant.now(), deadline));
  }

  /**
   * Who the caller proved to be when its session was made (a TLS client certificate under mutual
   * TLS, an SSH user and key): {@code channel().session().peerIdentity()}.
   */
  public Optional<dev.qtalk.PeerIdentity> peerIdentity() {
    return stream.channel().session().peerIdentity();
  }

  /** Whether the call was cancelled: see the class description. */
  public boolean isCancelled() {
    return cancelled.toCompletableFuture().isDone();
  }

  /**
   * Runs {@code callback} when the call is cancelled (at once if it already was), on the thread
   * that noticed; never for a call that ends normally. Keep it short and non-blocking.
   */
  public void onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    cancelled.thenRun(callback);
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
