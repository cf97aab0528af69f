package dev.qtalk.tck.containers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips the annotated test class, every rule of it, when no Docker engine answers, with a message
 * that says so: reported as skipped (never passed), and never the only test of a transport.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {
  /** Asks Testcontainers whether a Docker engine answers (it looks once per JVM). */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return ConditionEvaluationResult.enabled("a Docker engine answers");
      }
      String why =
          context.getDisplayName() + " skipped: no Docker engine answers (DOCKER_HOST, /var/run/docker.sock),"
              + " so the peer in a container is not certified here; start Docker to run it";
      // build tools print no reason for a skip: say it where the test output shows it
      System.getLogger(RequiresDocker.class.getName()).log(System.Logger.Level.WARNING, why);
      return ConditionEvaluationResult.disabled(why);
    }
  }
}
