package dev.paymentworker.devstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker (KRaft combined mode: broker and controller in one
 * process) on a fixed address, for running the worker locally without a container engine.
 *
 * <p>Spring Kafka's embedded brokers pick their own ports, which suits tests but not a local stack
 * that kcat, the Kafka CLI or another service must find at {@code localhost:9092}. This class
 * starts Kafka's own server classes on the address it is given, formats the data directory once
 * (like {@code kafka-storage.sh format --standalone}) and reuses it afterwards, so topics and
 * records survive a restart.
 *
 * <p>Run it from the command line (see {@link #main}) or start it from a test with {@link
 * #start(int, int, Path)}; the returned handle stops the broker when closed.
 *
 * <p>Kafka deliberately ends the process on unrecoverable storage or quorum faults ({@code
 * Exit.halt}); that is left as is, since carrying on with a broken log would only hide the fault.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  static final String DEFAULT_HOST = "localhost";
  static final int DEFAULT_PORT = 9092;
  static final int DEFAULT_CONTROLLER_PORT = 9093;
  static final Path DEFAULT_DATA_DIR = Path.of("target", "local-stack", "kafka");

  private static final int NODE_ID = 1;
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private static final String USAGE =
      """
      Usage: LocalKafkaBroker [--host HOST] [--port PORT] [--controller-port PORT] [--data-dir DIR]

      Runs a single-node Apache Kafka broker (KRaft) until stopped with Ctrl-C or SIGTERM.
        --host HOST             name clients use to reach the broker (default localhost)
        --port PORT             client port (default 9092)
        --controller-port PORT  KRaft controller port (default 9093)
        --data-dir DIR          log directory, kept across restarts (default target/local-stack/kafka)
      """;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String clusterId;
  private final boolean freshlyFormatted;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKafkaBroker(
      KafkaRaftServer server, String bootstrapServers, String clusterId, boolean freshlyFormatted) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.clusterId = clusterId;
    this.freshlyFormatted = freshlyFormatted;
  }

  /**
   * Starts a broker for clients on {@code localhost:port}, returning once it accepts requests.
   *
   * @param port the client port
   * @param controllerPort the KRaft controller port
   * @param dataDir the log directory; formatted on first use, reused afterwards
   * @return a handle that stops the broker when closed
   * @throws BindException if either port is already in use
   * @throws IOException if the data directory cannot be prepared
   */
  public static LocalKafkaBroker start(int port, int controllerPort, Path dataDir)
      throws IOException {
    return start(DEFAULT_HOST, port, controllerPort, dataDir);
  }

  /**
   * Starts a broker for clients on {@code host:port}, returning once it accepts requests.
   *
   * @param host the name clients use to reach the broker; the listeners bind to its address
   * @param port the client port
   * @param controllerPort the KRaft controller port
   * @param dataDir the log directory; formatted on first use, reused afterwards
   * @return a handle that stops the broker when closed
   * @throws BindException if either port is already in use
   * @throws IOException if the data directory cannot be prepared
   */
  public static LocalKafkaBroker start(String host, int port, int controllerPort, Path dataDir)
      throws IOException {
    LocalKafkaBroker broker = prepare(host, port, controllerPort, dataDir);
    broker.startup();
    return broker;
  }

  /** Checks the ports, formats the data directory if needed and builds a broker not yet started. */
  private static LocalKafkaBroker prepare(String host, int port, int controllerPort, Path dataDir)
      throws IOException {
    // Checked up front because Kafka reports a taken port deep inside a startup stack trace.
    ensurePortIsFree(host, port, "Kafka client");
    ensurePortIsFree(host, controllerPort, "Kafka controller");

    Path logDir = dataDir.toAbsolutePath().normalize();
    KafkaConfig config =
        KafkaConfig.fromProps(brokerProperties(host, port, controllerPort, logDir));
    Path metaProperties = logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    boolean fresh = !Files.exists(metaProperties);
    String clusterId = fresh ? format(logDir, host, controllerPort) : readClusterId(metaProperties);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    return new LocalKafkaBroker(server, host + ":" + port, clusterId, fresh);
  }

  /** The broker settings for a single node that plays both KRaft roles. */
  private static Properties brokerProperties(
      String host, int port, int controllerPort, Path logDir) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    String clientListener = CLIENT_LISTENER + "://" + host + ":" + port;
    String controllerListener = CONTROLLER_LISTENER + "://" + host + ":" + controllerPort;
    props.put("listeners", clientListener + "," + controllerListener);
    props.put("advertised.listeners", clientListener);
    props.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
    props.put("log.dirs", logDir.toString());

    props.put("auto.create.topics.enable", "true");
    props.put("num.partitions", "3");
    props.put("default.replication.factor", "1");
    // Kafka's internal topics default to three replicas, which one node can never provide.
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // Otherwise a new group's first rebalance waits 3 s for members that will never come.
    props.put("group.initial.rebalance.delay.ms", "0");
    return props;
  }

  /**
   * Formats a new log directory as {@code kafka-storage.sh format --standalone} does: a fresh
   * cluster id and a one-voter controller quorum made of this node.
   */
  private static String format(Path logDir, String host, int controllerPort) throws IOException {
    Files.createDirectories(logDir);
    String clusterId = Uuid.randomUuid().toString();
    // The voter's directory id (the trailing uuid) becomes this log directory's id, as with the
    // CLI.
    String voter = NODE_ID + "@" + host + ":" + controllerPort + ":" + Uuid.randomUuid();
    try {
      new Formatter()
          .setPrintStream(
              new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(clusterId)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toString())
          .addDirectory(logDir.toString())
          .setHasDynamicQuorum(true)
          .setInitialControllers(DynamicVoters.parse(voter))
          .run();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Could not format the Kafka data directory " + logDir, e);
    }
    return clusterId;
  }

  private static String readClusterId(Path metaProperties) throws IOException {
    MetaProperties meta =
        new MetaProperties.Builder(PropertiesUtils.readPropertiesFile(metaProperties.toString()))
            .build();
    return meta.clusterId()
        .orElseThrow(() -> new IOException(metaProperties + " has no cluster.id"));
  }

  private static void ensurePortIsFree(String host, int port, String role) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      BindException inUse =
          new BindException(role + " port " + host + ":" + port + " is already in use");
      inUse.initCause(e);
      throw inUse;
    }
  }

  private void startup() {
    try {
      server.startup();
    } catch (RuntimeException e) {
      // Release whatever did start (ports, log locks) so the caller can retry or exit cleanly.
      server.shutdown();
      throw e;
    }
  }

  /** Returns the {@code host:port} clients use as {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Returns the cluster id, stable for as long as the data directory is kept. */
  public String clusterId() {
    return clusterId;
  }

  /** Blocks until the broker has shut down. */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  /** Stops the broker and waits for it to release its ports and log directory; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.shutdown();
      server.awaitShutdown();
    }
  }

  /**
   * Runs the broker until the process receives Ctrl-C or SIGTERM.
   *
   * <p>Prints one line starting with {@code Kafka broker ready on} once clients can connect. Exits
   * with status 1 if a port is taken or the broker cannot start, 2 on bad arguments.
   *
   * @param args {@code --host}, {@code --port}, {@code --controller-port}, {@code --data-dir}
   */
  public static void main(String[] args) {
    quietKafkaLogging();
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(USAGE);
      return;
    }

    long startedAt = System.nanoTime();
    LocalKafkaBroker broker;
    try {
      broker = prepare(options.host(), options.port(), options.controllerPort(), options.dataDir());
    } catch (BindException e) {
      System.err.println(
          e.getMessage()
              + ": is another broker running? Stop it, or choose --port and --controller-port.");
      System.exit(1);
      return;
    } catch (IOException | RuntimeException e) {
      System.err.println("Kafka broker could not start: " + e);
      System.exit(1);
      return;
    }
    // Registered before startup so that Ctrl-C during a slow start still shuts Kafka down cleanly.
    Thread shutdownHook = new Thread(broker::close, "local-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      broker.startup();
    } catch (RuntimeException e) {
      // startup() has already released what it started; the hook has nothing left to do.
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      System.err.println("Kafka broker could not start: " + e);
      System.exit(1);
    }
    if (broker.freshlyFormatted) {
      System.out.printf(
          "Formatted new data directory %s (cluster id %s)%n",
          options.dataDir(), broker.clusterId());
    }
    System.out.printf(
        "Kafka broker ready on %s (KRaft, single node, data in %s) after %.1f s%n",
        broker.bootstrapServers(), options.dataDir(), (System.nanoTime() - startedAt) / 1e9);
    broker.awaitShutdown();
  }

  /**
   * Turns Kafka's chatty INFO logging down to warnings, unless an explicit logback configuration
   * was passed with {@code -Dlogback.configurationFile}, which then wins.
   */
  private static void quietKafkaLogging() {
    if (System.getProperty("logback.configurationFile") == null
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  /** Command-line options of {@link #main}. */
  private record Options(String host, int port, int controllerPort, Path dataDir, boolean help) {

    static Options parse(String[] args) {
      String host = DEFAULT_HOST;
      int port = DEFAULT_PORT;
      int controllerPort = DEFAULT_CONTROLLER_PORT;
      Path dataDir = DEFAULT_DATA_DIR;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          return new Options(host, port, controllerPort, dataDir, true);
        }
        // Accept both "--port 9092" and "--port=9092".
        String name = arg;
        String value;
        int equals = arg.indexOf('=');
        if (equals > 0) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("Missing value for " + arg);
        }
        switch (name) {
          case "--host" -> host = value;
          case "--port" -> port = parsePort(name, value);
          case "--controller-port" -> controllerPort = parsePort(name, value);
          case "--data-dir" -> dataDir = Path.of(value);
          default -> throw new IllegalArgumentException("Unknown option " + name);
        }
      }
      if (port == controllerPort) {
        throw new IllegalArgumentException("--port and --controller-port must differ");
      }
      return new Options(host, port, controllerPort, dataDir, false);
    }

    private static int parsePort(String name, String value) {
      try {
        int port = Integer.parseInt(value);
        if (port > 0 && port < 65536) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below, together with out-of-range values
      }
      throw new IllegalArgumentException(name + " must be a port number, got: " + value);
    }
  }
}
