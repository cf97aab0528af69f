package dev.qtalk.qmux.internal;

import java.io.IOException;

/**
 * One message waiting for the {@link FrameWriter}. A DATA message refers to the writer's caller's
 * array until the writer has copied it ({@link State#DONE}); the caller waits for that, or takes
 * the message back while it is still {@link State#QUEUED}.
 */
final class Outbound {
  enum State {
    /** In the queue; the caller may still take it back. */
    QUEUED,
    /** Being copied into the writer's batch; done within a memory copy. */
    TAKEN,
    /** Copied into a batch, or dropped on purpose (a credit after the channel's CLOSE). */
    DONE,
    /** Taken back by its caller before the writer saw it. */
    CANCELLED,
    /** Not sent: the session ended, or its channel was closed on the wire first. */
    FAILED
  }

  final QmuxChannel channel;
  final Message message;
  /** Must fail, rather than vanish, if its channel's CLOSE has gone out (DATA and EOF). */
  final boolean strict;
  /** Caused by the peer (a reply): counts against the control queue limit. */
  final boolean peerFed;

  // guarded by the writer's lock
  State state = State.QUEUED;
  IOException failure;

  Outbound(QmuxChannel channel, Message message, boolean strict, boolean peerFed) {
    this.channel = channel;
    this.message = message;
    this.strict = strict;
    this.peerFed = peerFed;
  }

  boolean isData() {
    return message instanceof Message.Data;
  }

  int size() {
    return MessageCodec.size(message);
  }
}
