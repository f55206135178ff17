package dev.paymentworker.it;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The end-to-end scenarios on spring-kafka-test's embedded KRaft broker: runs everywhere. */
@EmbeddedKafka(
    partitions = 3,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    // One broker: the transaction log cannot have Kafka's default three replicas.
    brokerProperties = {
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1"
    })
class EmbeddedKafkaCommandFlowIT extends CommandFlowScenarios {

  @Autowired EmbeddedKafkaBroker broker;

  @Override
  String bootstrapServers() {
    return broker.getBrokersAsString();
  }
}
