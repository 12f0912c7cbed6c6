package dev.wrench.pm;

import dev.wrench.calendar.CalendarService;
import dev.wrench.core.Actor;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the work orders of due occurrences, exactly once whatever the number of instances:
 *
 * <ol>
 *   <li>schedules whose {@code next_due_at - lead_time_days} has come are locked ({@code FOR UPDATE
 *       SKIP LOCKED}: two instances never plan one schedule at once), their occurrences recorded in
 *       pm_occurrences (its primary key makes each once) with the catch-up rule, and the schedules
 *       moved on, in one transaction;
 *   <li>recorded occurrences still {@code due} (these and the meter readings' ones) are claimed
 *       with a lease, each one's work order made by {@link WorkOrderService#generate} (which is
 *       itself once per schedule and occurrence, so a crash between the two steps neither loses nor
 *       doubles a work order: the next claimer gets the same one back), and marked generated.
 * </ol>
 *
 * Time is the injected clock's, so tests move it instead of waiting.
 */
public final class PmGenerator {

  /** Wakes the generator; a request is answered when a full round after it has run. */
  public static final String WAKE = "wrench.pm.generate";

  private static final Logger LOG = LoggerFactory.getLogger(PmGenerator.class);

  private final PmGeneratorRepository repository;
  private final WorkOrderService workOrders;
  private final PmCompletions completions;
  private final CalendarService calendars;
  private final Clock clock;
  private final PmConfig config;
  private final Runnable eventsCommitted;

  private boolean running;
  private List<Promise<JsonObject>> waiting = new ArrayList<>();

  public PmGenerator(
      PmGeneratorRepository repository,
      WorkOrderService workOrders,
      PmCompletions completions,
      CalendarService calendars,
      Clock clock,
      PmConfig config,
      Runnable eventsCommitted) {
    this.repository = repository;
    this.eventsCommitted = eventsCommitted;
    this.workOrders = workOrders;
    this.completions = completions;
    this.calendars = calendars;
    this.clock = clock;
    this.config = config;
  }

  /**
   * A round that starts after this call: at once when none is running, else right after the running
   * one (callers that wake it meanwhile share that next round). On one event loop only.
   */
  public Future<JsonObject> wake() {
    Promise<JsonObject> promise = Promise.promise();
    waiting.add(promise);
    if (!running) {
      start();
    }
    return promise.future();
  }

  private void start() {
    running = true;
    List<Promise<JsonObject>> mine = waiting;
    waiting = new ArrayList<>();
    Future<JsonObject> round;
    try {
      round = round();
    } catch (RuntimeException e) {
      round = Future.failedFuture(e);
    }
    round.onComplete(
        done -> {
          mine.forEach(promise -> promise.handle(done));
          running = false;
          if (!waiting.isEmpty()) {
            start();
          }
        });
  }

  private Future<JsonObject> round() {
    Instant now = clock.instant();
    JsonObject totals = new JsonObject().put("recorded", 0).put("generated", 0).put("skipped", 0);
    // First the waiting after_completion schedules whose work order's event was lost: one that
    // moves on may be due in this very round.
    return completions
        .reconcile(now)
        .recover(
            e -> {
              LOG.warn("pm: asking about awaited work orders failed: {}", e.getMessage());
              return Future.succeededFuture(0);
            })
        .compose(moved -> recordAll(now, totals.put("reconciled", moved)))
        .compose(v -> generateAll(now, totals))
        .map(v -> totals);
  }

  /** Step 1, batch after batch until no schedule is due. */
  private Future<Void> recordAll(Instant now, JsonObject totals) {
    return repository
        .dueSchedules(now, config.batchSize())
        .compose(
            due -> {
              if (due.isEmpty()) {
                return Future.succeededFuture();
              }
              return calendarsOf(due)
                  .compose(
                      calendars ->
                          repository.record(
                              due.stream().map(PmSchedule::id).toList(),
                              now,
                              schedule -> decide(schedule, calendars, now)))
                  .compose(
                      recorded -> {
                        totals.put("recorded", totals.getInteger("recorded") + recorded.due());
                        // A full batch may have left more behind. Schedules another instance
                        // holds are its own: a batch not all of which this one could lock ends
                        // the step (rather than asking again for the ones it holds).
                        return due.size() == config.batchSize()
                                && recorded.schedules() == due.size()
                            ? recordAll(now, totals)
                            : Future.succeededFuture();
                      });
            });
  }

  /** The calendars of the schedules' sites, each asked once per batch. */
  private Future<Map<String, PmCalendar>> calendarsOf(List<PmSchedule> schedules) {
    Map<String, Future<PmCalendar>> asked = new HashMap<>();
    for (PmSchedule schedule : schedules) {
      asked.computeIfAbsent(
          calendarKey(schedule),
          key ->
              calendars
                  .calendar(actorOf(schedule.orgId(), schedule.createdBy()), schedule.siteId())
                  .map(PmCalendar::fromJson)
                  // A site deleted since: the organization's calendar rather than no work order.
                  .recover(
                      e ->
                          calendars
                              .calendar(actorOf(schedule.orgId(), schedule.createdBy()), null)
                              .map(PmCalendar::fromJson)));
    }
    return Future.all(new ArrayList<>(asked.values()))
        .map(
            all -> {
              Map<String, PmCalendar> found = new HashMap<>();
              asked.forEach((key, future) -> found.put(key, future.result()));
              return found;
            });
  }

  private static String calendarKey(PmSchedule schedule) {
    return schedule.orgId() + "/" + schedule.siteId();
  }

  /**
   * What to record of {@code schedule}. A trigger stored that no longer parses (a rule the checks
   * of a later version refuse) stops its schedule, logged, rather than the round of every other.
   */
  private PmGeneratorRepository.Decision decide(
      PmSchedule schedule, Map<String, PmCalendar> calendars, Instant now) {
    try {
      return plan(schedule, calendars, now);
    } catch (RuntimeException e) {
      LOG.error("pm schedule {} cannot be planned and stops: {}", schedule.id(), e.getMessage());
      return new PmGeneratorRepository.Decision(schedule, List.of(), List.of(), null);
    }
  }

  private PmGeneratorRepository.Decision plan(
      PmSchedule schedule, Map<String, PmCalendar> calendars, Instant now) {
    PmCalendar calendar = calendars.getOrDefault(calendarKey(schedule), PmCalendar.DEFAULT);
    PmTrigger trigger = PmTrigger.parse(schedule.trigger());
    Instant dueAt = Instant.parse(schedule.json().getString("next_due_at"));
    if (trigger instanceof PmTrigger.Calendar rule) {
      Iterator<Occurrence> upcoming =
          Occurrences.of(rule, calendar, schedule.policy()).from(schedule.nextOccurrenceAt());
      CatchUp.Plan plan =
          CatchUp.plan(upcoming, now, schedule.leadTimeDays(), config.catchUpLimit());
      return new PmGeneratorRepository.Decision(
          schedule, plan.generate(), plan.skip(), plan.next());
    }
    // after_completion: this one, then nothing until its work order is completed.
    Occurrence only = new Occurrence(schedule.nextOccurrenceAt(), dueAt);
    return new PmGeneratorRepository.Decision(schedule, List.of(only), List.of(), null);
  }

  /** Step 2, batch after batch until no occurrence is left due (or all are claimed elsewhere). */
  private Future<Void> generateAll(Instant now, JsonObject totals) {
    Instant until = now.plus(Duration.ofSeconds(config.claimLeaseSeconds()));
    return repository
        .claim(now, until, config.batchSize())
        .compose(
            claimed -> {
              if (claimed.isEmpty()) {
                return Future.succeededFuture();
              }
              List<Future<PmGeneratorRepository.Outcome>> made = new ArrayList<>();
              Map<UUID, List<PmGeneratorRepository.Claimed>> byOrganization = new LinkedHashMap<>();
              for (PmGeneratorRepository.Claimed occurrence : claimed) {
                if (occurrence.scheduleDeleted()) {
                  made.add(make(occurrence));
                } else {
                  byOrganization
                      .computeIfAbsent(occurrence.orgId(), org -> new ArrayList<>())
                      .add(occurrence);
                }
              }
              byOrganization.forEach((org, group) -> makeAll(org, group, made));
              return Future.join(made)
                  .otherwiseEmpty()
                  .compose(
                      all -> {
                        List<PmGeneratorRepository.Outcome> outcomes = new ArrayList<>();
                        made.stream()
                            .filter(Future::succeeded)
                            .forEach(future -> outcomes.add(future.result()));
                        return outcomes.isEmpty()
                            ? Future.succeededFuture(new JsonObject())
                            : repository
                                .finish(outcomes)
                                // The outbox has pm_schedule.generated events: the relay need
                                // not wait for its next poll.
                                .onSuccess(counts -> eventsCommitted.run());
                      })
                  .compose(
                      finished -> {
                        totals.put(
                            "generated",
                            totals.getLong("generated") + finished.getLong("generated", 0L));
                        totals.put(
                            "skipped", totals.getLong("skipped") + finished.getLong("skipped", 0L));
                        return claimed.size() == config.batchSize()
                            ? generateAll(now, totals)
                            : Future.succeededFuture();
                      });
            });
  }

  /**
   * The work orders of an organization's claimed occurrences in one call, so one commit (a commit
   * each kept generation waiting on the WAL flush of every work order: bench/RESULTS.md, session
   * 11). Adds a future per occurrence to {@code made}. When the batch is refused (one occurrence's
   * asset deleted since, say), they are made one by one, so only that one is skipped.
   */
  private void makeAll(
      UUID orgId,
      List<PmGeneratorRepository.Claimed> group,
      List<Future<PmGeneratorRepository.Outcome>> made) {
    List<Promise<PmGeneratorRepository.Outcome>> each = new ArrayList<>();
    JsonArray items = new JsonArray();
    for (PmGeneratorRepository.Claimed occurrence : group) {
      Promise<PmGeneratorRepository.Outcome> promise = Promise.promise();
      each.add(promise);
      made.add(promise.future());
      items.add(
          occurrence
              .workOrder()
              .copy()
              .put(
                  "created_by",
                  occurrence.createdBy() == null ? null : occurrence.createdBy().toString()));
    }
    workOrders
        .generateBatch(actorOf(orgId, null), new JsonObject().put("items", items))
        .onSuccess(
            reply -> {
              JsonArray workOrders = reply.getJsonArray("items");
              for (int i = 0; i < group.size(); i++) {
                each.get(i)
                    .complete(
                        new PmGeneratorRepository.Outcome(
                            group.get(i),
                            UUID.fromString(workOrders.getJsonObject(i).getString("id"))));
              }
            })
        .onFailure(
            e -> {
              LOG.info(
                  "pm: {} work orders of organization {} made one by one: {}",
                  group.size(),
                  orgId,
                  e.getMessage());
              for (int i = 0; i < group.size(); i++) {
                Promise<PmGeneratorRepository.Outcome> promise = each.get(i);
                make(group.get(i)).onSuccess(promise::complete).onFailure(promise::fail);
              }
            });
  }

  /**
   * The work order of one claimed occurrence. A refusal of the request itself (an asset deleted
   * since, say) would be refused again on every retry: the occurrence is skipped. Any other failure
   * leaves it claimed, for this or another instance once the lease has run out.
   */
  private Future<PmGeneratorRepository.Outcome> make(PmGeneratorRepository.Claimed occurrence) {
    if (occurrence.scheduleDeleted()) {
      return Future.succeededFuture(new PmGeneratorRepository.Outcome(occurrence, null));
    }
    return workOrders
        .generate(actorOf(occurrence.orgId(), occurrence.createdBy()), occurrence.workOrder())
        .map(
            workOrder ->
                new PmGeneratorRepository.Outcome(
                    occurrence, UUID.fromString(workOrder.getString("id"))))
        .recover(
            e -> {
              if (e instanceof ReplyException reply
                  && reply.failureCode() >= 400
                  && reply.failureCode() < 500) {
                LOG.warn(
                    "pm schedule {}: the occurrence at {} is skipped: {}",
                    occurrence.scheduleId(),
                    occurrence.occurrenceAt(),
                    e.getMessage());
                return Future.succeededFuture(new PmGeneratorRepository.Outcome(occurrence, null));
              }
              LOG.warn(
                  "pm schedule {}: the work order of {} failed, retried later: {}",
                  occurrence.scheduleId(),
                  occurrence.occurrenceAt(),
                  e.getMessage());
              return Future.failedFuture(e);
            });
  }

  /**
   * Who generates: the schedule's creator, as an admin of its organization (the work order service
   * takes generation from no one else: it is not an HTTP operation).
   */
  static Actor actorOf(UUID orgId, UUID createdBy) {
    return new Actor(createdBy == null ? new UUID(0, 0) : createdBy, orgId, "admin");
  }
}
