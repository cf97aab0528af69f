package dev.qtalk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Session;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Both ends of rpc on one session: a {@link Client} for calling the peer and a {@link RespondMux}
 * (served once {@link #start()}ed) for being called, as qtalk-go's {@code talk.Peer}.
 *
 * <pre>{@code
 * Peer peer = Peer.builder(session).codec(Codec.cbor()).build();
 * peer.handle("echo", (r, c) -> r.reply(c.receive()));
 * peer.start();
 * String hi = peer.client().call("greet", "ada", String.class);
 * }</pre>
 *
 * @since 0.1
 */
public final class Peer implements Closeable {
  private final Session session;
  private final Client client;
  private final RespondMux mux;
  private final Server server;
  private final ReentrantLock lock = new ReentrantLock();
  private Thread serving;

  private Peer(Session session, Client client, RespondMux mux, Server server) {
    this.session = session;
    this.client = client;
    this.mux = mux;
    this.server = server;
  }

  /** A peer with the defaults of {@link Client} and {@link Server}. */
  public static Peer of(Session session) {
    return builder(session).build();
  }

  public static Builder builder(Session session) {
    return new Builder(Objects.requireNonNull(session, "session"));
  }

  public Session session() {
    return session;
  }

  public Client client() {
    return client;
  }

  public RespondMux mux() {
    return mux;
  }

  /** Registers a handler on this peer's mux. */
  public Peer handle(String pattern, Handler handler) {
    mux.handle(pattern, handler);
    return this;
  }

  /** Shorthand for {@code client().call(selector, args)}. */
  public JsonNode call(String selector, Object args) throws IOException {
    return client.call(selector, args);
  }

  /** Shorthand for {@code client().call(selector, args, type)}. */
  public <T> T call(String selector, Object args, Class<T> type) throws IOException {
    return client.call(selector, args, type);
  }

  /** Starts serving the peer's calls on a virtual thread (idempotent); returns this peer. */
  public Peer start() {
    lock.lock();
    try {
      if (serving == null) {
        serving = server.start(session);
      }
    } finally {
      lock.unlock();
    }
    return this;
  }

  /** Closes the session: calls in progress both ways fail, and serving stops. */
  @Override
  public void close() {
    session.close();
  }

  /** Configures a {@link Peer}. */
  public static final class Builder {
    private final Session session;
    private final Client.Builder client;
    private RespondMux mux;
    private int maxConcurrentCalls = 1024;
    private int maxFrameSize = dev.qtalk.rpc.internal.Frames.DEFAULT_MAX_FRAME_SIZE;

    private Builder(Session session) {
      this.session = session;
      this.client = Client.builder(session);
    }

    /** The codec of this peer's calls (its handlers answer in whatever codec each call uses). */
    public Builder codec(Codec codec) {
      client.codec(codec);
      return this;
    }

    /** The dialect of this peer's calls (its handlers answer in each call's dialect). */
    public Builder dialect(Dialect dialect) {
      client.dialect(dialect);
      return this;
    }

    /** The deadline of this peer's calls. */
    public Builder timeout(Duration timeout) {
      client.timeout(timeout);
      return this;
    }

    /** The largest frame accepted in either direction. */
    public Builder maxFrameSize(int max) {
      client.maxFrameSize(max);
      this.maxFrameSize = max;
      return this;
    }

    public Builder maxConcurrentCalls(int max) {
      this.maxConcurrentCalls = max;
      return this;
    }

    /** The mux to serve (default a new case-sensitive one). */
    public Builder mux(RespondMux mux) {
      this.mux = Objects.requireNonNull(mux, "mux");
      return this;
    }

    public Peer build() {
      RespondMux m = mux == null ? RespondMux.create() : mux;
      Server server =
          Server.builder(m).maxConcurrentCalls(maxConcurrentCalls).maxFrameSize(maxFrameSize).build();
      return new Peer(session, client.build(), m, server);
    }
  }
}
