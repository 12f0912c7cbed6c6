package dev.wrench.events;

import io.vertx.core.json.JsonObject;

/**
 * {@code kafka} and {@code events}: the outbox relay publishes work order events to Kafka at {@code
 * kafkaBootstrapServers} on {@code topic} (and on the event bus), or only on the event bus when no
 * Kafka is configured. {@code deliveryTimeoutMs} bounds one Kafka send with its retries; the relay
 * lease ({@code leaseMs}) must outlast it, so that no instance takes over while another's sends may
 * still land. The relay runs when a write of this instance nudges it, at most every {@code
 * nudgeGapMs}, and looks for other instances' events every {@code pollMs}.
 */
public record EventsConfig(
    String kafkaBootstrapServers,
    String topic,
    int deliveryTimeoutMs,
    int pollMs,
    int nudgeGapMs,
    int batchSize,
    int leaseMs,
    int overdueCheckMs) {

  /** From the checked {@code kafka} and {@code events} subtrees. */
  public static EventsConfig from(JsonObject kafka, JsonObject events) {
    JsonObject relay = events.getJsonObject("relay");
    return new EventsConfig(
        kafka.getString("bootstrap_servers").trim(),
        kafka.getString("topic"),
        kafka.getInteger("delivery_timeout_ms"),
        relay.getInteger("poll_ms"),
        relay.getInteger("nudge_gap_ms"),
        relay.getInteger("batch_size"),
        relay.getInteger("lease_ms"),
        events.getInteger("overdue_check_ms"));
  }

  public boolean kafka() {
    return !kafkaBootstrapServers.isBlank();
  }
}
