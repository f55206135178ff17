package dev.paymentworker.it;

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

  @Container @ServiceConnection
  static final KafkaContainer kafka =
      new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));

  @Override
  String bootstrapServers() {
    return kafka.getBootstrapServers();
  }
}
