/** qtalk rpc: every call is its own channel; wire-compatible with qtalk-go and @progrium/duplex. */
package dev.qtalk.rpc;
