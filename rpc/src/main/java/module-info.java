/** qtalk rpc over any {@link dev.qtalk.Session}. */
module dev.qtalk.rpc {
  requires transitive dev.qtalk.api;

}
