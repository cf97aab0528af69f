package dev.qtalk.rpc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.Transports;
import dev.qtalk.rpc.internal.CallControl;
import dev.qtalk.rpc.internal.CallDispatcher;
import dev.qtalk.rpc.internal.CallEvent;
import dev.qtalk.rpc.internal.ClientProxy;
import dev.qtalk.rpc.internal.FrameStream;
import dev.qtalk.rpc.internal.Frames;
import dev.qtalk.rpc.internal.Headers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Makes calls over a session: each call opens a channel, sends the call header and one argument
 * frame, and reads the reply header and value frames.
 *
 * <pre>{@code
 * Client client = Client.builder(session).codec(Codec.cbor()).dialect(Dialect.DUPLEX).build();
 * String upper = client.call("text.upper", "hi", String.class);
 * }</pre>
 *
 * <p>Clients are immutable and thread-safe; calls run concurrently, each on its own channel. A
 * client made with {@link #connect} owns its session and closes it in {@link #close()}; one made
 * over a session ({@link #of}, {@link #builder}) leaves the session to its owner.
 * An {@link RpcListener} hears of the calls a client makes ({@link Builder#listener}), and of the
 * session too when the client owns it ({@link #connect(URI, Options, RpcListener)}).
 *
 * <p>A call with a deadline ({@link #withTimeout}) sends the time it has left in the call header,
 * so the handler can see it ({@link Call#deadline()}); calls without one send the header as
 * before. Every call failure is an {@link RpcException} (see there), but for a passed deadline
 * ({@link DeadlineExceededException}) and an interrupt ({@link InterruptedIOException}).
 *
 * @since 0.1
 */
public final class Client implements AutoCloseable {
  private final Session session;
  private final Codec codec;
  private final Dialect dialect;
  private final int maxFrameSize;
  private final Duration timeout;
  private final boolean ownsSession;
  private final RpcListener listener; // null: none

  private Client(Session session, Codec codec, Dialect dialect, int maxFrameSize, Duration timeout,
      boolean ownsSession, RpcListener listener) {
    this.session = session;
    this.codec = codec;
    this.dialect = dialect;
    this.maxFrameSize = maxFrameSize;
    this.timeout = timeout;
    this.ownsSession = ownsSession;
    this.listener = listener;
  }

  /**
   * Connects to {@code uri} (see {@link Transports#connect(URI, Options)}) and returns a client
   * with the defaults that owns the session: {@link #close()} closes it.
   */
  public static Client connect(URI uri, Options options) throws IOException {
    return new Client(Transports.connect(uri, options), Codec.json(), Dialect.QTALK,
        Frames.DEFAULT_MAX_FRAME_SIZE, Duration.ZERO, true, null);
  }

  /**
   * {@link #connect(URI, Options)}, with {@code listener} told of the session (started now, ended
   * when it ends) and of every call this client, or one derived from it, makes.
   *
   * @since 0.1
   */
  public static Client connect(URI uri, Options options, RpcListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    Session session = Transports.connect(uri, options);
    CallDispatcher.notify(() -> listener.sessionStarted(session));
    session.closeFuture().whenComplete((v, t) -> CallDispatcher.notify(() -> listener.sessionEnded(session)));
    return new Client(session, Codec.json(), Dialect.QTALK, Frames.DEFAULT_MAX_FRAME_SIZE, Duration.ZERO, true,
        listener);
  }

  /** {@link #connect(URI, Options)} with default options (or those in the URI's query). */
  public static Client connect(URI uri) throws IOException {
    return connect(uri, Options.defaults());
  }

  /** Whether {@link #close()} closes the session: true for a client made with {@link #connect}. */
  public boolean ownsSession() {
    return ownsSession;
  }

  /**
   * Closes the session if this client owns it ({@link #connect}); otherwise does nothing. A
   * client derived from this one ({@link #withTimeout}, {@link #withCodec}) shares the session, so
   * closing either closes it.
   */
  @Override
  public void close() {
    if (ownsSession) {
      session.close();
    }
  }

  /** This client, speaking {@code codec} and {@code dialect}. */
  public Client withCodec(Codec codec, Dialect dialect) {
    return new Client(session, Objects.requireNonNull(codec, "codec"), Objects.requireNonNull(dialect, "dialect"),
        maxFrameSize, timeout, ownsSession, listener);
  }

  /** A client with the defaults: JSON (Go style), the qtalk dialect, 16 MiB frames, no deadline. */
  public static Client of(Session session) {
    return builder(session).build();
  }

  public static Builder builder(Session session) {
    return new Builder(Objects.requireNonNull(session, "session"));
  }

  public Session session() {
    return session;
  }

  public Codec codec() {
    return codec;
  }

  public Dialect dialect() {
    return dialect;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** The deadline each call gets ({@link Duration#ZERO}: none). */
  public Duration timeout() {
    return timeout;
  }

  /** This client with a per-call deadline: a call not answered within {@code timeout} fails. */
  public Client withTimeout(Duration timeout) {
    return new Client(session, codec, dialect, maxFrameSize, checkTimeout(timeout), ownsSession, listener);
  }

  /** Calls {@code selector} with {@code args} and returns the first reply value as a tree. */
  public JsonNode call(String selector, Object args) throws IOException {
    return invoke(selector, args).value();
  }

  /** Calls {@code selector} with {@code args} and returns the first reply value as {@code type}. */
  public <T> T call(String selector, Object args, Class<T> type) throws IOException {
    Objects.requireNonNull(type, "type");
    return invoke(selector, args).value(type);
  }

  /** Calls {@code selector} with {@code args} and returns the first reply value as {@code type}. */
  public <T> T call(String selector, Object args, TypeReference<T> type) throws IOException {
    Objects.requireNonNull(type, "type");
    return invoke(selector, args).value(type);
  }

  /**
   * Calls {@code selector} and returns the whole reply: every value, or, if the handler continued,
   * the first value and the open channel (close the response when done).
   *
   * @throws RemoteException if the handler answered with an error
   * @throws FrameTooLargeException if a reply frame exceeds {@link #maxFrameSize()}
   * @throws dev.qtalk.DeadlineExceededException if the deadline passed first
   * @throws java.io.InterruptedIOException if the thread was interrupted (the call's channel is closed)
   */
  public Response invoke(String selector, Object args) throws IOException {
    Objects.requireNonNull(selector, "selector");
    return invoke(selector, args, new CallControl(selector, timeout));
  }

  /**
   * The asynchronous form of {@link #invoke}: the call runs on a virtual thread. Cancelling the
   * future cancels the call and closes its channel.
   */
  public CompletableFuture<Response> invokeAsync(String selector, Object args) {
    Objects.requireNonNull(selector, "selector");
    CallControl control = new CallControl(selector, timeout);
    CompletableFuture<Response> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
              control.cancel();
            }
            return cancelled;
          }
        };
    Thread.ofVirtual()
        .name("qtalk-rpc-call " + selector)
        .start(
            () -> {
              try {
                Response r = invoke(selector, args, control);
                if (!future.complete(r)) {
                  r.close();
                }
              } catch (Throwable t) {
                future.completeExceptionally(t);
              }
            });
    return future;
  }

  /** The asynchronous form of {@link #call(String, Object, Class)}. */
  public <T> CompletableFuture<T> callAsync(String selector, Object args, Class<T> type) {
    Objects.requireNonNull(type, "type");
    CompletableFuture<Response> call = invokeAsync(selector, args);
    CompletableFuture<T> result =
        call.thenApply(
            r -> {
              try {
                return r.value(type);
              } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    result.whenComplete((v, t) -> {
      if (result.isCancelled()) {
        call.cancel(true);
      }
    });
    return result;
  }

  /**
   * A proxy that turns calls of {@code api}'s methods into calls of {@code prefix.method} with the
   * arguments as an array (the convention of {@link Handlers#from(Object)} and of qtalk-go's and
   * duplex's function handlers). Methods returning {@link CompletableFuture} call asynchronously;
   * a {@link RemoteException} is thrown as is where the method declares {@link IOException}, and
   * wrapped in {@link java.io.UncheckedIOException} otherwise.
   *
   * @param prefix the selector the methods live under; empty for none
   */
  public <T> T proxy(Class<T> api, String prefix) {
    return proxy(api, prefix, SelectorNaming.AS_IS);
  }

  /**
   * {@link #proxy(Class, String)} with the selectors that {@code naming} gives to methods without
   * a {@link Selector} annotation: {@link SelectorNaming#GO_EXPORTED} calls {@code upper} as
   * {@code Upper}, the name qtalk-go's {@code fn.HandlerFrom} serves it under.
   */
  public <T> T proxy(Class<T> api, String prefix, SelectorNaming naming) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(naming, "naming");
    return ClientProxy.create(this, api, prefix, naming);
  }

  private Response invoke(String selector, Object args, CallControl control) throws IOException {
    CallEvent event = new CallEvent();
    event.begin();
    long started = listener == null ? 0 : System.nanoTime();
    if (listener != null) {
      CallDispatcher.notify(() -> listener.callStarted(session, selector));
    }
    CallOutcome outcome = CallOutcome.FAILED;
    try {
      Response r = invokeOnce(selector, args, control);
      outcome = CallOutcome.OK;
      return r;
    } catch (RemoteException e) {
      outcome = e instanceof UnavailableException ? CallOutcome.REFUSED : CallOutcome.ERROR;
      throw e;
    } catch (CallCancelledException | InterruptedIOException e) { // a passed deadline too
      outcome = CallOutcome.CANCELLED;
      throw e;
    } finally {
      event.end();
      if (listener != null) {
        CallOutcome how = outcome;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        CallDispatcher.notify(() -> listener.callEnded(session, selector, how, took));
      }
      if (event.shouldCommit()) {
        event.side = "client";
        event.selector = selector;
        event.outcome = outcome.name();
        event.remote = String.valueOf(session.remoteAddress());
        event.commit();
      }
    }
  }

  private Response invokeOnce(String selector, Object args, CallControl control) throws IOException {
    Channel ch = null;
    try {
      Duration left = control.remaining();
      ch = left == null ? session.open() : session.open(left);
      control.attach(ch);
      FrameStream stream = new FrameStream(ch, codec, maxFrameSize);
      IOException writeFailure = null;
      Duration sendLeft = left == null ? null : control.remaining();
      byte[] header = sendLeft == null
          ? Headers.encodeCall(codec, dialect, selector)
          : Headers.encodeCall(codec, dialect, selector, Math.max(1, sendLeft.toMillis()));
      try {
        Frames.writeAll(ch, header, codec.encode(args));
      } catch (dev.qtalk.ChannelClosedException e) {
        // The handler may have answered (an error, say) and closed before reading everything.
        writeFailure = e;
      }
      byte[] head = Frames.read(ch, maxFrameSize);
      if (head == null) {
        throw writeFailure != null
            ? writeFailure
            : new EOFException("call " + selector + ": the channel ended before the reply header");
      }
      Headers.Reply reply = Headers.decodeReply(codec, head);
      if (reply.error() != null) {
        ch.close();
        throw reply.error().startsWith(UnavailableException.PREFIX)
            ? new UnavailableException(selector, reply.error())
            : new RemoteException(selector, reply.error());
      }
      List<JsonNode> values = new ArrayList<>(1);
      if (reply.continued()) {
        stream.next().ifPresent(values::add);
        return new Response(selector, stream, true, values);
      }
      for (var v = stream.next(); v.isPresent(); v = stream.next()) {
        values.add(v.get());
      }
      ch.close();
      return new Response(selector, stream, false, values);
    } catch (IOException e) {
      if (ch != null) {
        ch.close();
      }
      IOException why = control.translate(e);
      if (why instanceof RpcException || why instanceof DeadlineExceededException
          || why instanceof InterruptedIOException) {
        throw why;
      }
      throw new CallFailedException(selector, why);
    } finally {
      control.done();
    }
  }

  private static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0, 0 for none)");
    }
    return timeout;
  }

  /** Configures a {@link Client}. */
  public static final class Builder {
    private final Session session;
    private Codec codec = Codec.json();
    private Dialect dialect = Dialect.QTALK;
    private int maxFrameSize = dev.qtalk.rpc.internal.Frames.DEFAULT_MAX_FRAME_SIZE;
    private Duration timeout = Duration.ZERO;
    private RpcListener listener;

    private Builder(Session session) {
      this.session = session;
    }

    /** The codec of calls and replies (default {@link Codec#json()}). */
    public Builder codec(Codec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** The header dialect (default {@link Dialect#QTALK}). */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** The largest reply frame accepted (default 16 MiB); a larger one fails the call. */
    public Builder maxFrameSize(int maxFrameSize) {
      if (maxFrameSize < 1) {
        throw new IllegalArgumentException("maxFrameSize: " + maxFrameSize + " (expected: > 0)");
      }
      this.maxFrameSize = maxFrameSize;
      return this;
    }

    /** The deadline of each call (default {@link Duration#ZERO}: none). */
    public Builder timeout(Duration timeout) {
      this.timeout = checkTimeout(timeout);
      return this;
    }

    /**
     * Hears of each call the client makes (not of the session, which is its owner's to report).
     *
     * @since 0.1
     */
    public Builder listener(RpcListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Client build() {
      return new Client(session, codec, dialect, maxFrameSize, timeout, false, listener);
    }
  }
}
