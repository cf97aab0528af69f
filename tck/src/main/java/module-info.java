/** The qtalk compatibility kit: rules, abstract JUnit suites, and a runner that certifies a transport. */
module dev.qtalk.tck {
  requires transitive dev.qtalk.api;
  requires transitive dev.qtalk.rpc;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires jdk.management;
  requires org.junit.platform.launcher;

  exports dev.qtalk.tck;
  exports dev.qtalk.tck.report;
  exports dev.qtalk.tck.rpc;
  exports dev.qtalk.tck.proxy;

  provides org.junit.platform.launcher.TestExecutionListener with
      dev.qtalk.tck.report.CertificationListener;

  opens dev.qtalk.tck to org.junit.platform.commons;
  opens dev.qtalk.tck.rpc to org.junit.platform.commons;
}
