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
