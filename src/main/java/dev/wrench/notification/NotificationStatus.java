package dev.wrench.notification;

import dev.wrench.http.HealthRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * What the notification worker reports on {@link HealthRoutes#NOTIFICATIONS_STATUS}: where its
 * events come from, its channels, up or degraded (the last failure to claim jobs or to consume
 * Kafka, until a Kafka round succeeds), the events consumed, and the backlog. The backlog is asked
 * for periodically rather than per status request, and feeds the gauges too. Touched only on the
 * worker's context, so plain fields.
 */
final class NotificationStatus {

  private final NotificationService jobs;
  private final NotificationMeters meters;
  private final String source;
  private final boolean email;
  private String lastError;
  private long expanded;
  private JsonObject lastBacklog = new JsonObject();

  /**
   * @param source {@code kafka} or {@code event-bus}
   * @param email whether e-mail is configured (a channel besides webhooks)
   */
  NotificationStatus(
      NotificationService jobs, NotificationMeters meters, String source, boolean email) {
    this.jobs = jobs;
    this.meters = meters;
    this.source = source;
    this.email = email;
  }

  void failed(String error) {
    lastError = error;
  }

  /** A Kafka round went through: whatever failed before is over. */
  void recovered() {
    lastError = null;
  }

  /** One more event turned into jobs (or found to have them already). */
  void expanded() {
    expanded++;
  }

  void refreshBacklog() {
    jobs.backlog()
        .onSuccess(
            reply -> {
              lastBacklog = reply;
              meters.backlog(lastBacklog.getLong("pending"), lastBacklog.getLong("dead_letters"));
            });
  }

  JsonObject report() {
    Set<String> channels = new HashSet<>();
    channels.add("webhook");
    if (email) {
      channels.add("email");
    }
    JsonObject status =
        new JsonObject()
            .put("source", source)
            .put("channels", new JsonArray(channels.stream().sorted().toList()))
            .put("state", lastError == null ? "up" : "degraded")
            .put("events_consumed", expanded)
            .mergeIn(lastBacklog);
    if (lastError != null) {
      status.put("last_error", lastError);
    }
    return status;
  }
}
