package dev.paymentworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The worker against containers, for local development on a machine with a Docker engine: an {@code
 * apache/kafka} broker and Stripe's {@code stripe-mock}. Run it with {@code mvn
 * spring-boot:test-run} (Spring Boot's convention for test-scope applications).
 */
public final class TestPaymentCommandWorkerApplication {

  private TestPaymentCommandWorkerApplication() {}

  public static void main(String[] args) {
    SpringApplication.from(PaymentCommandWorkerApplication::main).with(Containers.class).run(args);
  }

  /** The containers, and the connection details the worker takes from them. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Containers {

    private static final int STRIPE_MOCK_PORT = 12111;

    @Bean
    @ServiceConnection
    KafkaContainer kafka() {
      return new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));
    }

    @Bean
    GenericContainer<?> stripeMock() {
      return new GenericContainer<>(DockerImageName.parse("stripe/stripe-mock:v0.197.0"))
          .withExposedPorts(STRIPE_MOCK_PORT);
    }

    @Bean
    DynamicPropertyRegistrar stripeMockProperties(GenericContainer<?> stripeMock) {
      return registry -> {
        registry.add(
            "worker.stripe.api-base",
            () ->
                "http://"
                    + stripeMock.getHost()
                    + ":"
                    + stripeMock.getMappedPort(STRIPE_MOCK_PORT));
        registry.add("worker.stripe.secret-key", () -> "sk_test_stripe_mock");
      };
    }
  }
}
