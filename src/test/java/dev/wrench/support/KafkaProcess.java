package dev.wrench.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * A real Apache Kafka broker (4.3.1, KRaft, one node acting as broker and controller) owned by a
 * test: a {@code kafka.Kafka} process started from the test classpath (the {@code kafka_2.13} test
 * dependency), on ports of its own, with its data in a scratch folder. The test can stop it
 * (SIGTERM) and start it again on the same ports and data, as an operator's restart would. Close it
 * in {@code @AfterAll}.
 */
public final class KafkaProcess implements AutoCloseable {

  private final Path dir;
  private final int port;
  private Process process;

  private KafkaProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Formats its storage, starts it and waits until it answers. */
  public static KafkaProcess start() {
    try {
      Path dir = Files.createTempDirectory("wrench-kafka-");
      int port = RedisProcess.freePort();
      int controllerPort = RedisProcess.freePort();
      String properties =
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",CONTROLLER://127.0.0.1:"
                  + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "inter.broker.listener.name=PLAINTEXT",
              "log.dirs=" + dir.resolve("data"),
              // Several partitions, so that keying by work order id is what keeps the order.
              "num.partitions=3",
              "auto.create.topics.enable=true",
              "group.initial.rebalance.delay.ms=0",
              "offsets.topic.replication.factor=1",
              "offsets.topic.num.partitions=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "share.coordinator.state.topic.replication.factor=1",
              "share.coordinator.state.topic.min.isr=1",
              "");
      Files.writeString(dir.resolve("server.properties"), properties, StandardCharsets.UTF_8);
      KafkaProcess kafka = new KafkaProcess(dir, port);
      kafka
          .run(
              List.of(
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  dir.resolve("server.properties").toString()),
              "format.log")
          .waitFor(60, TimeUnit.SECONDS);
      kafka.restart();
      return kafka;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private Process run(List<String> mainAndArgs, String logName) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile()))
        .start();
  }

  /** (Re)starts the broker on its ports and data, and waits until it answers. */
  public void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process =
          run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), "kafka.log");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Kafka", e);
    }
    Awaitility.await("Kafka on port " + port)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(this::answers);
  }

  private boolean answers() throws Exception {
    if (!process.isAlive()) {
      throw new IllegalStateException("Kafka exited; see " + dir.resolve("kafka.log"));
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500))) {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    }
  }

  /** Stops it the way an operator does (SIGTERM: a controlled shutdown) and waits for the end. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads the topic from the beginning until {@code expected} records arrived (or the wait times
   * out), then a little more: a record beyond the expected ones (a duplicate) is caught too.
   */
  public List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    // Only committed data: what a read_committed consumer downstream would see.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      Awaitility.await(expected + " records on " + topic)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
      // Every partition read to its end: nothing beyond the expected records is waiting.
      Awaitility.await("the end of " + topic)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return consumer.assignment().stream()
                    .allMatch(
                        partition ->
                            consumer.position(partition)
                                >= consumer.endOffsets(List.of(partition)).get(partition));
              });
    }
    return records;
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
