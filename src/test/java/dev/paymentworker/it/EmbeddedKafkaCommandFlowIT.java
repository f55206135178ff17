package dev.paymentworker.it;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The end-to-end scenarios on spring-kafka-test's embedded KRaft broker: runs everywhere. */
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class EmbeddedKafkaCommandFlowIT extends CommandFlowScenarios {

  @Autowired EmbeddedKafkaBroker broker;

  @Override
  String bootstrapServers() {
    return broker.getBrokersAsString();
  }
}
