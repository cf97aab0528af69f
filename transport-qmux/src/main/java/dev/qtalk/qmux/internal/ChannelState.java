package dev.qtalk.qmux.internal;

/**
 * The life of one qmux channel. Transitions (anything else is a bug or a protocol error):
 *
 * <pre>
 *   OPENING   --confirm--> OPEN         OPENING   --failure--> CLOSED
 *   OPENING   --timeout--> ABANDONED    ABANDONED --confirm--> CLOSING (we close it at once)
 *   ABANDONED --failure--> CLOSED
 *   OPEN        --eof sent-----> WRITE_SHUT   OPEN       --eof received--> READ_SHUT
 *   WRITE_SHUT  --eof received-> BOTH_SHUT    READ_SHUT  --eof sent------> BOTH_SHUT
 *   OPEN, WRITE_SHUT, READ_SHUT, BOTH_SHUT --close sent--> CLOSING
 *   OPEN, WRITE_SHUT, READ_SHUT, BOTH_SHUT, CLOSING --close received--> CLOSED
 *   any --session ended--> CLOSED
 * </pre>
 */
public enum ChannelState {
  /** We sent OPEN and wait for the peer's answer. */
  OPENING,
  /** Our open timed out; a late confirm is answered with CLOSE. */
  ABANDONED,
  /** Both directions open. A channel the peer opened starts here (it is confirmed on arrival). */
  OPEN,
  /** We sent EOF: we read on, but write no more. */
  WRITE_SHUT,
  /** The peer sent EOF: we write on; reads end after the buffered data. */
  READ_SHUT,
  /** Both sides sent EOF; only CLOSE remains. */
  BOTH_SHUT,
  /** We sent CLOSE and wait for the peer's. */
  CLOSING,
  /** Finished; the id is (or is about to be) freed. */
  CLOSED;

  /** Whether the application may still write. */
  public boolean canWrite() {
    return this == OPEN || this == READ_SHUT;
  }

  /** Whether the peer may still send data. */
  public boolean peerCanWrite() {
    return this == OPEN || this == WRITE_SHUT;
  }

  /** Whether the channel has been established (confirmed or accepted) at some point. */
  public boolean established() {
    return switch (this) {
      case OPEN, WRITE_SHUT, READ_SHUT, BOTH_SHUT, CLOSING -> true;
      default -> false;
    };
  }

  /** The state after we send EOF. */
  public ChannelState eofSent() {
    return switch (this) {
      case OPEN -> WRITE_SHUT;
      case READ_SHUT -> BOTH_SHUT;
      default -> throw illegal("eof sent");
    };
  }

  /** The state after the peer's EOF; EOF on an already shut or closing channel changes nothing. */
  public ChannelState eofReceived() {
    return switch (this) {
      case OPEN -> READ_SHUT;
      case WRITE_SHUT -> BOTH_SHUT;
      case READ_SHUT, BOTH_SHUT, CLOSING, CLOSED -> this;
      default -> throw illegal("eof received");
    };
  }

  /** The state after we send CLOSE. */
  public ChannelState closeSent() {
    return switch (this) {
      case OPEN, WRITE_SHUT, READ_SHUT, BOTH_SHUT, ABANDONED -> CLOSING;
      default -> throw illegal("close sent");
    };
  }

  /** The state after the peer's CLOSE (we answer with our own unless already sent). */
  public ChannelState closeReceived() {
    return switch (this) {
      case OPEN, WRITE_SHUT, READ_SHUT, BOTH_SHUT, CLOSING -> CLOSED;
      default -> throw illegal("close received");
    };
  }

  /** The state after the peer confirms our OPEN. */
  public ChannelState confirmed() {
    return switch (this) {
      case OPENING -> OPEN;
      case ABANDONED -> ABANDONED;
      default -> throw illegal("open confirmed");
    };
  }

  private IllegalStateException illegal(String event) {
    return new IllegalStateException(event + " in state " + this);
  }
}
