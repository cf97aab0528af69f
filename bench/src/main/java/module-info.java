/** Benchmarks that print qtalk's figures next to a baseline measured in the same run. */
module dev.qtalk.bench {
  requires dev.qtalk.api;

  exports dev.qtalk.bench;
}
