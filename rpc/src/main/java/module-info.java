/**
 * qtalk rpc over any {@link dev.qtalk.Session}: every call is its own channel, with JSON and CBOR
 * codecs and both header dialects (qtalk and duplex).
 */
module dev.qtalk.rpc {
  requires transitive dev.qtalk.api;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.cbor;
  requires jdk.jfr;

  exports dev.qtalk.rpc;
  exports dev.qtalk.rpc.interop;
}
