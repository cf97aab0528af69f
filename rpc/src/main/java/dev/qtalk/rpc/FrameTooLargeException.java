package dev.qtalk.rpc;

/**
 * A frame's length prefix exceeded the configured maximum. The frame was not read (nothing was
 * allocated for it); the call's channel is closed and the session stays usable.
 *
 * @since 0.1
 */
public class FrameTooLargeException extends RpcException {
  private final long length;
  private final int limit;

  public FrameTooLargeException(long length, int limit) {
    super("frame of " + length + " bytes exceeds the limit of " + limit + " bytes (maxFrameSize)");
    this.length = length;
    this.limit = limit;
  }

  public long length() {
    return length;
  }

  public int limit() {
    return limit;
  }
}
