// The consumer side of bench/events.sh: reads the work order event topic from its end and, for
// every event, the delay from the event's `time` (the write's transaction time) to its arrival
// here. Stops after EXPECTED events, or IDLE_MS without a new one; prints one JSON line:
// {"events", "events_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms", "duplicates", "out_of_order"}.
//
//   java -cp <classpath with kafka-clients> bench/EventLatency.java BOOTSTRAP TOPIC EXPECTED IDLE_MS
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

public class EventLatency {
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
  private static final Pattern SEQUENCE = Pattern.compile("\"wrenchsequence\":(\\d+)");

  public static void main(String[] args) {
    String bootstrap = args[0];
    String topic = args[1];
    long expected = Long.parseLong(args[2]);
    long idleMs = Long.parseLong(args[3]);
    Properties config = new Properties();
    config.put("bootstrap.servers", bootstrap);
    config.put("group.id", "bench-" + UUID.randomUUID());
    config.put("auto.offset.reset", "latest");
    config.put("enable.auto.commit", "false");
    config.put("fetch.min.bytes", "1");
    config.put("fetch.max.wait.ms", "10");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    List<Long> delays = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, Long> lastSequence = new HashMap<>();
    long duplicates = 0;
    long outOfOrder = 0;
    long first = 0;
    long last = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      System.err.println("EventLatency: ready on " + consumer.assignment());
      long lastArrival = System.currentTimeMillis();
      while (delays.size() < expected && System.currentTimeMillis() - lastArrival < idleMs) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.currentTimeMillis();
          lastArrival = now;
          String value = record.value();
          Matcher id = ID.matcher(value);
          Matcher time = TIME.matcher(value);
          Matcher sequence = SEQUENCE.matcher(value);
          if (!id.find() || !time.find() || !sequence.find()) {
            continue;
          }
          if (!ids.add(id.group(1))) {
            duplicates++;
          }
          long seq = Long.parseLong(sequence.group(1));
          Long previous = lastSequence.put(record.key(), seq);
          if (previous != null && previous > seq) {
            outOfOrder++;
          }
          delays.add(now - Instant.parse(time.group(1)).toEpochMilli());
          first = first == 0 ? now : first;
          last = now;
        }
      }
    }
    Collections.sort(delays);
    int n = delays.size();
    double seconds = Math.max(0.001, (last - first) / 1000.0);
    System.out.printf(
        "{\"events\":%d,\"events_per_s\":%.1f,\"p50_ms\":%d,\"p95_ms\":%d,\"p99_ms\":%d,\"max_ms\":%d,"
            + "\"duplicates\":%d,\"out_of_order\":%d}%n",
        n,
        n / seconds,
        pct(delays, 0.50),
        pct(delays, 0.95),
        pct(delays, 0.99),
        n == 0 ? 0 : delays.get(n - 1),
        duplicates,
        outOfOrder);
  }

  private static long pct(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }
}
