/**
 * qtalk rpc: every call is its own channel; wire-compatible with qtalk-go and
 * {@code @progrium/duplex}.
 *
 * <ul>
 *   <li>{@link dev.qtalk.rpc.Client} calls, {@link dev.qtalk.rpc.Server} serves, {@link
 *       dev.qtalk.rpc.Peer} does both on one session;
 *   <li>{@link dev.qtalk.rpc.Handler}s answer through a {@link dev.qtalk.rpc.Responder}, routed by
 *       a {@link dev.qtalk.rpc.RespondMux}; {@link dev.qtalk.rpc.Handlers} binds plain methods;
 *   <li>{@link dev.qtalk.rpc.Codec} (JSON, CBOR) and {@link dev.qtalk.rpc.Dialect} (qtalk, duplex)
 *       fix the bytes on the wire.
 * </ul>
 */
package dev.qtalk.rpc;
