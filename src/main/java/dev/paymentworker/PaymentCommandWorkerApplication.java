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

  /** Idle connections per host the JDK's HTTP client keeps; read once, at its first use. */
  private static final String KEPT_ALIVE_CONNECTIONS = "http.maxConnections";

  public static void main(String[] args) {
    // Before any HTTP connection is made: see StripeConfiguration.JDK_RETRY_POST.
    System.setProperty("sun.net.http.retryPost", "false");
    // The JDK keeps only 5 idle connections per host by default: with 64 Stripe calls in
    // progress, most calls would open (and TLS-handshake) a new connection.
    if (System.getProperty(KEPT_ALIVE_CONNECTIONS) == null) {
      System.setProperty(KEPT_ALIVE_CONNECTIONS, "256");
    }
    SpringApplication.run(PaymentCommandWorkerApplication.class, args);
    exitZeroAfterGracefulShutdown();
  }

  /**
   * SIGTERM (or Ctrl-C) is how a worker is asked to stop. The JVM then runs Spring's shutdown hook,
   * which closes the context gracefully (in-flight commands finish and commit), but exits with 128
   * + the signal number, which orchestrators and scripts read as a failure. Spring runs its
   * shutdown handlers after the context has closed; this one ends the process with 0. It is added
   * only once the worker has started, so a failed start still exits non-zero.
   */
  private static void exitZeroAfterGracefulShutdown() {
    try {
      SpringApplication.getShutdownHandlers().add(() -> Runtime.getRuntime().halt(0));
    } catch (IllegalStateException shutdownAlreadyBegun) {
      // Stopped while it was starting: the JVM's own exit status stands.
    }
  }
}
