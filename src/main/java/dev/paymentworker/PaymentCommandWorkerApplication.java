package dev.paymentworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Consumes payment commands from Kafka, carries them out against Stripe and publishes exactly one
 * outcome per command to a reply topic (or the dead-letter topic).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentCommandWorkerApplication {

  public static void main(String[] args) {
    // Before any HTTP connection is made: see StripeConfiguration.JDK_RETRY_POST.
    System.setProperty("sun.net.http.retryPost", "false");
    SpringApplication.run(PaymentCommandWorkerApplication.class, args);
  }
}
