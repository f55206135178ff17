package dev.paymentworker.transport;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * UP while the command listener is running (health contributor "commandListener", part of the
 * readiness group), so that an orchestrator can tell a worker that is not consuming from one that
 * is.
 */
@Component
class CommandListenerHealthIndicator implements HealthIndicator {

  private final KafkaListenerEndpointRegistry registry;

  CommandListenerHealthIndicator(KafkaListenerEndpointRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Health health() {
    MessageListenerContainer container = registry.getListenerContainer(CommandBatchListener.ID);
    if (container == null || !container.isRunning()) {
      return Health.down().withDetail("listener", "not running").build();
    }
    int partitions =
        container.getAssignedPartitions() == null ? 0 : container.getAssignedPartitions().size();
    return Health.up().withDetail("assignedPartitions", partitions).build();
  }
}
