/** The qtalk compatibility kit: rules, abstract JUnit suites, and a runner that certifies a transport. */
module dev.qtalk.tck {
  requires transitive dev.qtalk.api;
  requires transitive dev.qtalk.rpc;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires org.junit.platform.launcher;

  exports dev.qtalk.tck;

  opens dev.qtalk.tck to org.junit.platform.commons;
}
