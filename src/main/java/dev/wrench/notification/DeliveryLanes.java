package dev.wrench.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's two delivery lanes: critical work orders' notifications have slots of their own, so
 * a backlog of routine ones never delays them. A lane claims as many due jobs as it has free slots
 * (under a lease in PostgreSQL: several instances never send the same job at once), and a target (a
 * webhook subscription, a user's mailbox) has at most {@code per_target} deliveries in flight, so a
 * receiver that hangs or fails holds only its own slots. The counts are plain fields: they are
 * touched only on the worker's context.
 */
final class DeliveryLanes {

  private final NotificationService jobs;
  private final NotificationDelivery delivery;
  private final NotificationStatus status;
  private final int perTarget;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private boolean stopped;

  /** One lane's slots: deliveries in flight, overall and per target. */
  private final class Lane {
    final String name;
    final int slots;
    final Map<String, Integer> perTargetInFlight = new HashMap<>();
    int inFlight;
    boolean claiming;
    boolean again;

    Lane(String name, int slots) {
      this.name = name;
      this.slots = slots;
    }

    JsonArray busyTargets() {
      JsonArray busy = new JsonArray();
      perTargetInFlight.forEach(
          (target, count) -> {
            if (count >= perTarget) {
              busy.add(target);
            }
          });
      return busy;
    }
  }

  DeliveryLanes(
      NotificationsConfig config,
      NotificationService jobs,
      NotificationDelivery delivery,
      NotificationStatus status) {
    this.jobs = jobs;
    this.delivery = delivery;
    this.status = status;
    perTarget = config.perTarget();
    lanes.put(
        NotificationRules.CRITICAL, new Lane(NotificationRules.CRITICAL, config.criticalSlots()));
    lanes.put(
        NotificationRules.ROUTINE, new Lane(NotificationRules.ROUTINE, config.routineSlots()));
  }

  void pumpAll() {
    lanes.values().forEach(this::pump);
  }

  /** New jobs in lane {@code name} ({@link NotificationRules#audiences}): pump that lane. */
  void wake(String name) {
    pump(lanes.get(name));
  }

  /** Nothing is claimed any more; deliveries in flight end as they will. */
  void stop() {
    stopped = true;
  }

  /** Claims as many due jobs as the lane has free slots, and sends them. */
  private void pump(Lane lane) {
    if (stopped) {
      return;
    }
    if (lane.claiming) {
      lane.again = true;
      return;
    }
    int free = lane.slots - lane.inFlight;
    if (free <= 0) {
      return;
    }
    lane.claiming = true;
    lane.again = false;
    jobs.claim(
            new JsonObject()
                .put("lane", lane.name)
                .put("limit", free)
                .put("lease_ms", delivery.leaseMs())
                .put("busy_targets", lane.busyTargets()))
        .onComplete(
            reply -> {
              lane.claiming = false;
              if (reply.failed()) {
                status.failed(reply.cause().getMessage());
                return;
              }
              JsonArray items = reply.result().getJsonArray("items");
              JsonArray handBack = new JsonArray();
              for (int i = 0; i < items.size(); i++) {
                JsonObject job = items.getJsonObject(i);
                String target = job.getString("target");
                if (lane.perTargetInFlight.getOrDefault(target, 0) >= perTarget) {
                  handBack.add(job.getString("id"));
                  continue;
                }
                lane.inFlight++;
                lane.perTargetInFlight.merge(target, 1, Integer::sum);
                delivery
                    .deliver(job)
                    .onComplete(
                        done -> {
                          lane.inFlight--;
                          lane.perTargetInFlight.computeIfPresent(
                              target, (k, n) -> n <= 1 ? null : n - 1);
                          pump(lane);
                        });
              }
              if (!handBack.isEmpty()) {
                jobs.release(new JsonObject().put("ids", handBack));
              }
              boolean full = items.size() - handBack.size() >= free;
              if (lane.again || (full && lane.inFlight < lane.slots)) {
                pump(lane);
              }
            });
  }
}
