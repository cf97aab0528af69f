package dev.qtalk.tck;

/** What a transport can do beyond the required rules; a rule that needs a missing one is skipped. */
public enum Capability {
  /** {@code closeWrite()} sends end-of-stream while the other direction stays open. */
  HALF_CLOSE,
  /** {@code abort()} resets the stream, and the peer sees {@link dev.qtalk.ChannelResetException}. */
  RESET,
  /** The transport honours {@link dev.qtalk.StandardOptions#WINDOW_SIZE}, so small windows can be tested. */
  CONFIGURABLE_WINDOW,
  /** The transport has a wire format of its own that a scripted peer can break. */
  WIRE_FORMAT,
}
