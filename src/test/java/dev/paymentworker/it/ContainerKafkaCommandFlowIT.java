package dev.paymentworker.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end scenarios on a real {@code apache/kafka} broker in a container, the image and
 * version that docker-compose.yml runs. Skipped (and reported as skipped) where no Docker engine
 * answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaCommandFlowIT extends CommandFlowScenarios {

  private static final String BOOTSTRAP_PROPERTY = "spring.kafka.bootstrap-servers";

  @Container @ServiceConnection
  static final KafkaContainer kafka =
      new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));

  /**
   * The {@code @Nested} scenario classes take their Spring configuration from {@link
   * CommandFlowScenarios}, which does not see this class's {@code @ServiceConnection}. As
   * {@code @EmbeddedKafka}'s {@code bootstrapServersProperty} does for the embedded broker, a
   * system property points their context at the container too.
   */
  @BeforeAll
  static void pointNestedContextsAtTheContainer() {
    System.setProperty(BOOTSTRAP_PROPERTY, kafka.getBootstrapServers());
  }

  @AfterAll
  static void forgetTheContainer() {
    System.clearProperty(BOOTSTRAP_PROPERTY);
  }

  @Override
  String bootstrapServers() {
    return kafka.getBootstrapServers();
  }
}
