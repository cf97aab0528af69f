package dev.qtalk.rpc.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.rpc.Codec;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** Encoded values in frames on one channel: what a call and a response share. */
public final class FrameStream {
  private final Channel channel;
  private final Codec codec;
  private final int maxFrameSize;
  private final ReentrantLock writeLock = new ReentrantLock();

  public FrameStream(Channel channel, Codec codec, int maxFrameSize) {
    this.channel = channel;
    this.codec = codec;
    this.maxFrameSize = maxFrameSize;
  }

  public Channel channel() {
    return channel;
  }

  public Codec codec() {
    return codec;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Writes one value as one frame; frames from concurrent senders never interleave. */
  public void send(Object value) throws IOException {
    byte[] body = codec.encode(value);
    writeLock.lock();
    try {
      Frames.write(channel, body);
    } finally {
      writeLock.unlock();
    }
  }

  /** Writes already-encoded frame bodies in one write, under the same lock as {@link #send}. */
  public void sendFrames(byte[]... bodies) throws IOException {
    writeLock.lock();
    try {
      Frames.writeAll(channel, bodies);
    } finally {
      writeLock.unlock();
    }
  }

  /** The next frame's body, or empty at the end of the stream. */
  public Optional<byte[]> nextBody() throws IOException {
    return Optional.ofNullable(Frames.read(channel, maxFrameSize));
  }

  /** The next value as a tree ({@code NullNode} for null), or empty at the end of the stream. */
  public Optional<JsonNode> next() throws IOException {
    byte[] body = Frames.read(channel, maxFrameSize);
    return body == null ? Optional.empty() : Optional.of(codec.decodeTree(body));
  }

  public JsonNode receive() throws IOException {
    return codec.decodeTree(required());
  }

  public <T> T receive(Class<T> type) throws IOException {
    return codec.decode(required(), type);
  }

  public <T> T receive(TypeReference<T> type) throws IOException {
    return codec.decode(required(), type);
  }

  private byte[] required() throws IOException {
    byte[] body = Frames.read(channel, maxFrameSize);
    if (body == null) {
      throw new EOFException("end of stream: the peer sent no more values");
    }
    return body;
  }
}
