/**
 * qtalk qmux (the SSH-derived channel protocol of qtalk-go, qtalk-js and {@code @progrium/duplex})
 * over several byte streams. Sessions are made through {@link dev.qtalk.Transports} with these URI
 * schemes (port 0 in a listen URI picks a free port):
 *
 * <table>
 *   <caption>Schemes</caption>
 *   <tr><th>URI</th><th>Carries qmux over</th></tr>
 *   <tr><td>{@code qmux+tcp://host:port}</td><td>TCP</td></tr>
 *   <tr><td>{@code qmux+tls://host:port}</td><td>JDK TLS over TCP</td></tr>
 *   <tr><td>{@code qmux+unix:///path/to/socket}</td><td>a unix domain socket; the listener
 *       creates the file and deletes it when closed</td></tr>
 *   <tr><td>{@code qmux+stdio:-}</td><td>this process's standard input and output (one
 *       session; nothing else may write to standard output)</td></tr>
 *   <tr><td>{@code qmux+ws://host:port/path}</td><td>WebSocket, one binary frame per qmux
 *       message, with an {@code Origin} header from the client</td></tr>
 *   <tr><td>{@code qmux+wss://host:port/path}</td><td>WebSocket over TLS</td></tr>
 *   <tr><td>{@code mem:name}</td><td>in-memory pipes within one JVM, for tests</td></tr>
 * </table>
 *
 * <p>TLS ({@code qmux+tls}, {@code qmux+wss}): a client checks the server's certificate against
 * {@link dev.qtalk.StandardOptions#TLS_TRUST_MANAGER} (default: the JDK's trust store) and that it
 * names the host of the URI; {@link dev.qtalk.StandardOptions#TLS_INSECURE} turns both checks off,
 * for tests only. A listener needs {@link dev.qtalk.StandardOptions#TLS_KEY_MANAGER}.
 *
 * <p>{@link dev.qtalk.qmux.Qmux#session} starts a session over any pair of streams, such as a
 * subprocess's pipes; {@link dev.qtalk.qmux.QmuxOptions} holds the qmux-only options.
 */
package dev.qtalk.qmux;
