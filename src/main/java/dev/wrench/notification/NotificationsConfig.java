package dev.wrench.notification;

import dev.wrench.events.EventsConfig;
import io.vertx.core.json.JsonObject;

/**
 * {@code notifications} and {@code smtp}: the notification worker that tells who is concerned about
 * work order events, by webhook always and by e-mail when {@code smtp.host} is set. Deliveries are
 * retried {@code maxAttempts} times, waiting from {@code backoffBaseMs} doubling up to {@code
 * backoffMaxMs}, in two lanes of slots (routine, critical) and at most {@code perTarget} at once to
 * one receiver.
 */
public record NotificationsConfig(
    boolean enabled,
    String groupId,
    String dlqTopic,
    int maxAttempts,
    int backoffBaseMs,
    int backoffMaxMs,
    int pollMs,
    int routineSlots,
    int criticalSlots,
    int perTarget,
    Webhooks webhooks,
    Smtp smtp) {

  /** {@code notifications.webhooks}. */
  public record Webhooks(int timeoutMs, boolean allowPrivateTargets, int secretGraceSeconds) {

    static Webhooks from(JsonObject webhooks) {
      return new Webhooks(
          webhooks.getInteger("timeout_ms"),
          webhooks.getBoolean("allow_private_targets"),
          webhooks.getInteger("secret_grace_seconds"));
    }
  }

  /**
   * {@code smtp}: the server of e-mail notifications; e-mail is off while {@code host} is empty.
   */
  public record Smtp(
      String host,
      int port,
      String from,
      String username,
      String password,
      String starttls,
      boolean ssl) {

    static Smtp from(JsonObject smtp) {
      return new Smtp(
          smtp.getString("host").trim(),
          smtp.getInteger("port"),
          smtp.getString("from"),
          smtp.getString("username"),
          smtp.getString("password"),
          smtp.getString("starttls"),
          smtp.getBoolean("ssl"));
    }

    public boolean configured() {
      return !host.isBlank();
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("host", host)
          .put("port", port)
          .put("from", from)
          .put("username", username)
          .put("password", password)
          .put("starttls", starttls)
          .put("ssl", ssl);
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", from " + from + ", user " + username + "]";
    }
  }

  /** From the checked {@code notifications} and {@code smtp} subtrees. */
  public static NotificationsConfig from(JsonObject notifications, JsonObject smtp) {
    return new NotificationsConfig(
        notifications.getBoolean("enabled"),
        notifications.getString("group_id"),
        notifications.getString("dlq_topic"),
        notifications.getInteger("max_attempts"),
        notifications.getInteger("backoff_base_ms"),
        notifications.getInteger("backoff_max_ms"),
        notifications.getInteger("poll_ms"),
        notifications.getInteger("routine_slots"),
        notifications.getInteger("critical_slots"),
        notifications.getInteger("per_target"),
        Webhooks.from(notifications.getJsonObject("webhooks")),
        Smtp.from(smtp));
  }

  /**
   * The config of {@link NotificationVerticle}: {@code kafka} when events come from Kafka, {@code
   * smtp} when e-mail is on.
   */
  public JsonObject workerConfig(EventsConfig events) {
    JsonObject config =
        new JsonObject()
            .put("max_attempts", maxAttempts)
            .put("backoff_base_ms", backoffBaseMs)
            .put("backoff_max_ms", backoffMaxMs)
            .put("poll_ms", pollMs)
            .put("routine_slots", routineSlots)
            .put("critical_slots", criticalSlots)
            .put("per_target", perTarget)
            .put(
                "webhooks",
                new JsonObject()
                    .put("timeout_ms", webhooks.timeoutMs())
                    .put("allow_private_targets", webhooks.allowPrivateTargets()));
    if (events.kafka()) {
      config.put(
          "kafka",
          new JsonObject()
              .put("bootstrap_servers", events.kafkaBootstrapServers())
              .put("topic", events.topic())
              .put("group_id", groupId)
              .put("dlq_topic", dlqTopic));
    }
    if (smtp.configured()) {
      config.put("smtp", smtp.toJson());
    }
    return config;
  }

  /** The HTTP verticles' {@code webhooks} (the subscription handlers). */
  public JsonObject httpJson() {
    return new JsonObject()
        .put("allow_private_targets", webhooks.allowPrivateTargets())
        .put("secret_grace_seconds", webhooks.secretGraceSeconds());
  }

  public String describe(EventsConfig events) {
    if (!enabled) {
      return "disabled (notifications.enabled=false)";
    }
    return "from "
        + (events.kafka()
            ? "Kafka (group " + groupId + ", dead letters to " + dlqTopic + ")"
            : "the event bus (no KAFKA_BOOTSTRAP_SERVERS; dead letters in PostgreSQL only)")
        + "; webhooks"
        + (webhooks.allowPrivateTargets() ? " (private targets ALLOWED)" : "")
        + "; e-mail "
        + (smtp.configured()
            ? "via SMTP " + smtp.host() + ":" + smtp.port() + " from " + smtp.from()
            : "off (no SMTP_HOST)");
  }
}
