package dev.qtalk.rpc;

/**
 * The spelling of the call and reply headers. The two dialects do not interoperate, so a client
 * picks the one its peer speaks; a {@link Server} answers each call in the dialect it arrived in.
 *
 * <table>
 *   <caption>Which reference peer needs which dialect</caption>
 *   <tr><th>peer</th><th>dialect</th><th>codec</th></tr>
 *   <tr><td>qtalk-go (progrium/qtalk-go, 2021-2023), {@code qtalk check}</td><td>{@link #QTALK}</td>
 *       <td>{@link Codec#json()} or {@link Codec#cbor()} (the checker's default)</td></tr>
 *   <tr><td>qtalk-js</td><td>{@link #QTALK}</td><td>{@link Codec#jsonCompact()} or CBOR</td></tr>
 *   <tr><td>tractor.dev toolkit-go {@code duplex}, {@code duplex check}</td><td>{@link #DUPLEX}</td>
 *       <td>JSON or CBOR</td></tr>
 *   <tr><td>npm {@code @progrium/duplex} (toolkit-js)</td><td>{@link #DUPLEX}</td>
 *       <td>{@link Codec#jsonCompact()} or {@link Codec#cbor()}</td></tr>
 * </table>
 *
 * @since 0.1
 */
public enum Dialect {
  /** {@code {"Selector": ...}} and {@code {"Error": ..., "Continue": ...}}. */
  QTALK("Selector", "Error", "Continue", "Timeout"),
  /** {@code {"S": ...}} and {@code {"E": ..., "C": ...}}. */
  DUPLEX("S", "E", "C", "T");

  private final String selectorField;
  private final String errorField;
  private final String continueField;
  private final String timeoutField;

  Dialect(String selectorField, String errorField, String continueField, String timeoutField) {
    this.selectorField = selectorField;
    this.errorField = errorField;
    this.continueField = continueField;
    this.timeoutField = timeoutField;
  }

  /**
   * The call header's optional key for the caller's deadline: the milliseconds left when the call
   * was sent, an unsigned integer. Only sent by a caller that has a deadline; qtalk-go and {@code
   * @progrium/duplex} ignore it.
   *
   * @since 0.1
   */
  public String timeoutField() {
    return timeoutField;
  }

  /** The call header's selector key. */
  public String selectorField() {
    return selectorField;
  }

  /** The reply header's error key. */
  public String errorField() {
    return errorField;
  }

  /** The reply header's continue key. */
  public String continueField() {
    return continueField;
  }
}
