package dev.wrench.pm;

import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.workorder.WorkOrderEventType;
import dev.wrench.workorder.WorkOrderOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The generator's SQL, across organizations (the system path: the generator serves them all). Two
 * steps, each its own transaction, so that a crash between them loses nothing: {@link #record}
 * writes each occurrence that has come (PRIMARY KEY (schedule_id, occurrence_at): once) and moves
 * the schedule on; {@link #claim} and {@link #finish} turn recorded occurrences into work orders.
 */
public final class PmGeneratorRepository {

  private static final String DUE =
      "SELECT "
          + PmScheduleRepository.COLUMNS
          + " FROM pm_schedules p WHERE p.deleted_at IS NULL AND NOT p.paused"
          + " AND p.next_due_at IS NOT NULL AND p.trigger_type <> 'meter'"
          + " AND p.next_due_at - make_interval(days => p.lead_time_days) <= $1"
          + " ORDER BY p.next_due_at LIMIT $2";

  // The same condition again under the lock: another instance may have moved the schedule on.
  private static final String LOCK =
      "SELECT "
          + PmScheduleRepository.COLUMNS
          + " FROM pm_schedules p WHERE p.id = ANY($1) AND p.deleted_at IS NULL AND NOT p.paused"
          + " AND p.next_due_at IS NOT NULL"
          + " AND p.next_due_at - make_interval(days => p.lead_time_days) <= $2"
          + " FOR UPDATE SKIP LOCKED";

  private static final String RECORD =
      "INSERT INTO pm_occurrences (org_id, schedule_id, occurrence_at, due_at, status)"
          + " SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[],"
          + " $5::text[]) ON CONFLICT (schedule_id, occurrence_at) DO NOTHING";

  private static final String MOVE_ON =
      "UPDATE pm_schedules p SET next_occurrence_at = u.next_at, next_due_at = u.next_due,"
          + " version = p.version + 1, updated_at = now()"
          + " FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS u(id, next_at, next_due)"
          + " WHERE p.id = u.id";

  // The batch is picked in a MATERIALIZED CTE, evaluated once: as a subquery in FROM, a plan that
  // rescans it (a nested loop with it inside, chosen once the table has statistics) picks another
  // LIMIT's worth at each rescan, SKIP LOCKED passing over none of this transaction's own rows, so
  // one claim took all 10,000 due occurrences in bench/pm-generate.sh.
  private static final String CLAIM =
      "WITH c AS MATERIALIZED (SELECT schedule_id, occurrence_at"
          + " FROM pm_occurrences WHERE status = 'due' AND (claimed_until IS NULL OR claimed_until <= $1)"
          + " ORDER BY occurrence_at DESC LIMIT $3 FOR UPDATE SKIP LOCKED)"
          + " UPDATE pm_occurrences o SET claimed_until = $2 FROM c, pm_schedules s"
          + " WHERE o.schedule_id = c.schedule_id AND o.occurrence_at = c.occurrence_at"
          + " AND s.id = o.schedule_id"
          + " RETURNING o.org_id, o.schedule_id, o.occurrence_at, o.due_at, s.title, s.description,"
          + " s.priority, s.asset_id, s.assignee_id, s.team_id, s.location_id, s.created_by,"
          + " s.checklist_template_id, s.deleted_at IS NOT NULL AS schedule_deleted";

  // Only a row still due is finished: a second finisher (a lease that ran out under a slow
  // instance) changes nothing. An after_completion schedule then waits for this work order.
  private static final String FINISH =
      "WITH done AS (UPDATE pm_occurrences o SET status = u.status, work_order_id = u.work_order_id,"
          + " claimed_until = NULL, updated_at = now()"
          + " FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[])"
          + " AS u(schedule_id, occurrence_at, status, work_order_id)"
          + " WHERE o.schedule_id = u.schedule_id AND o.occurrence_at = u.occurrence_at"
          + " AND o.status = 'due'"
          + " RETURNING o.org_id, o.schedule_id, o.occurrence_at, o.due_at, o.status, o.work_order_id),"
          + " awaiting AS (UPDATE pm_schedules p SET awaiting_work_order_id = d.work_order_id,"
          + " awaiting_checked_at = NULL"
          + " FROM done d WHERE p.id = d.schedule_id AND d.status = 'generated'"
          + " AND p.trigger_type = 'after_completion' RETURNING p.id)"
          + " SELECT d.*, (SELECT count(*) FROM awaiting) AS awaiting FROM done d";

  private final RowSecurity db;

  public PmGeneratorRepository(RowSecurity db) {
    this.db = db;
  }

  /** Up to {@code limit} schedules whose next occurrence's lead time has come by {@code now}. */
  public Future<List<PmSchedule>> dueSchedules(Instant now, int limit) {
    return db.system()
        .preparedQuery(DUE)
        .execute(Tuple.of(PmScheduleRepository.time(now), limit))
        .map(
            rows -> {
              List<PmSchedule> due = new ArrayList<>();
              rows.forEach(row -> due.add(PmScheduleRepository.toSchedule(row)));
              return due;
            });
  }

  /** What one round decided for one schedule: occurrences to record and where it goes on from. */
  public record Decision(
      PmSchedule schedule, List<Occurrence> due, List<Occurrence> skipped, Occurrence next) {
    public Decision {
      due = List.copyOf(due);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Locks those of {@code ids} still due (skipping the ones another instance holds), records what
   * {@code decide} says of each, and moves each on, in one transaction.
   */
  public Future<Recorded> record(
      List<UUID> ids, Instant now, Function<PmSchedule, Decision> decide) {
    return db.system()
        .withTransaction(
            conn ->
                conn.preparedQuery(LOCK)
                    .execute(Tuple.of(ids.toArray(UUID[]::new), PmScheduleRepository.time(now)))
                    .compose(
                        rows -> {
                          List<Decision> decisions = new ArrayList<>();
                          for (Row row : rows) {
                            decisions.add(decide.apply(PmScheduleRepository.toSchedule(row)));
                          }
                          if (decisions.isEmpty()) {
                            return Future.succeededFuture(new Recorded(0, 0));
                          }
                          return conn.preparedQuery(RECORD)
                              .execute(occurrences(decisions))
                              .compose(
                                  recorded -> conn.preparedQuery(MOVE_ON).execute(moves(decisions)))
                              .map(moved -> new Recorded(decisions.size(), dueCount(decisions)));
                        }));
  }

  /** What {@link #record} did: schedules locked and moved on, occurrences recorded as due. */
  public record Recorded(int schedules, int due) {}

  private static int dueCount(List<Decision> decisions) {
    return decisions.stream().mapToInt(d -> d.due().size()).sum();
  }

  private static Tuple occurrences(List<Decision> decisions) {
    List<UUID> orgs = new ArrayList<>();
    List<UUID> schedules = new ArrayList<>();
    List<OffsetDateTime> at = new ArrayList<>();
    List<OffsetDateTime> due = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    for (Decision decision : decisions) {
      for (int i = 0; i < decision.due().size() + decision.skipped().size(); i++) {
        boolean isDue = i < decision.due().size();
        Occurrence occurrence =
            isDue ? decision.due().get(i) : decision.skipped().get(i - decision.due().size());
        orgs.add(decision.schedule().orgId());
        schedules.add(decision.schedule().id());
        at.add(PmScheduleRepository.time(occurrence.occurrenceAt()));
        due.add(PmScheduleRepository.time(occurrence.dueAt()));
        statuses.add(isDue ? "due" : "skipped");
      }
    }
    return Tuple.of(
        orgs.toArray(UUID[]::new),
        schedules.toArray(UUID[]::new),
        at.toArray(OffsetDateTime[]::new),
        due.toArray(OffsetDateTime[]::new),
        statuses.toArray(String[]::new));
  }

  private static Tuple moves(List<Decision> decisions) {
    UUID[] ids = new UUID[decisions.size()];
    OffsetDateTime[] at = new OffsetDateTime[decisions.size()];
    OffsetDateTime[] due = new OffsetDateTime[decisions.size()];
    for (int i = 0; i < decisions.size(); i++) {
      Decision decision = decisions.get(i);
      ids[i] = decision.schedule().id();
      at[i] =
          decision.next() == null
              ? null
              : PmScheduleRepository.time(decision.next().occurrenceAt());
      due[i] = decision.next() == null ? null : PmScheduleRepository.time(decision.next().dueAt());
    }
    return Tuple.of(ids, at, due);
  }

  /** One recorded occurrence claimed for its work order, with what the work order copies. */
  public record Claimed(
      UUID orgId,
      UUID scheduleId,
      Instant occurrenceAt,
      Instant dueAt,
      UUID createdBy,
      boolean scheduleDeleted,
      JsonObject workOrder) {}

  /**
   * Claims up to {@code limit} due occurrences, newest first, until {@code until}: another instance
   * takes them again only once that has passed (when this one died holding them).
   */
  public Future<List<Claimed>> claim(Instant now, Instant until, int limit) {
    return db.system()
        .preparedQuery(CLAIM)
        .execute(Tuple.of(PmScheduleRepository.time(now), PmScheduleRepository.time(until), limit))
        .map(
            rows -> {
              List<Claimed> claimed = new ArrayList<>();
              for (Row row : rows) {
                claimed.add(claimed(row));
              }
              return claimed;
            });
  }

  private static Claimed claimed(Row row) {
    Instant at = row.getOffsetDateTime("occurrence_at").toInstant();
    Instant due = row.getOffsetDateTime("due_at").toInstant();
    JsonObject workOrder =
        new JsonObject()
            .put("title", row.getString("title"))
            .put("description", row.getString("description"))
            .put("priority", row.getString("priority"))
            .put("asset_id", text(row.getUUID("asset_id")))
            .put("assignee_id", text(row.getUUID("assignee_id")))
            .put("team_id", text(row.getUUID("team_id")))
            .put("location_id", text(row.getUUID("location_id")))
            // A fresh copy of the template's items, made by the work order's insert (V80).
            .put("checklist_template_id", text(row.getUUID("checklist_template_id")))
            .put("pm_schedule_id", row.getUUID("schedule_id").toString())
            .put("occurrence_at", Rows.format(PmScheduleRepository.time(at)))
            .put("due_at", Rows.format(PmScheduleRepository.time(due)));
    return new Claimed(
        row.getUUID("org_id"),
        row.getUUID("schedule_id"),
        at,
        due,
        row.getUUID("created_by"),
        row.getBoolean("schedule_deleted"),
        workOrder);
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  /** How a claimed occurrence ended: its work order, or skipped (null work order). */
  public record Outcome(Claimed claimed, UUID workOrderId) {}

  /**
   * Records the outcomes, and a {@code pm_schedule.generated} event for each occurrence this call
   * marked generated, in one transaction: {@code {generated, skipped}} as this call changed them.
   */
  public Future<JsonObject> finish(List<Outcome> outcomes) {
    UUID[] schedules = new UUID[outcomes.size()];
    OffsetDateTime[] at = new OffsetDateTime[outcomes.size()];
    String[] statuses = new String[outcomes.size()];
    UUID[] workOrders = new UUID[outcomes.size()];
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome outcome = outcomes.get(i);
      schedules[i] = outcome.claimed().scheduleId();
      at[i] = PmScheduleRepository.time(outcome.claimed().occurrenceAt());
      statuses[i] = outcome.workOrderId() == null ? "skipped" : "generated";
      workOrders[i] = outcome.workOrderId();
    }
    return db.system()
        .withTransaction(
            conn ->
                conn.preparedQuery(FINISH)
                    .execute(Tuple.of(schedules, at, statuses, workOrders))
                    .compose(
                        rows -> {
                          long generated = 0;
                          long skipped = 0;
                          List<WorkOrderOutbox.Of> events = new ArrayList<>();
                          for (Row row : rows) {
                            if (!"generated".equals(row.getString("status"))) {
                              skipped++;
                              continue;
                            }
                            generated++;
                            UUID workOrderId = row.getUUID("work_order_id");
                            JsonObject data =
                                new JsonObject()
                                    .put("pm_schedule_id", row.getUUID("schedule_id").toString())
                                    .put("occurrence_at", Rows.time(row, "occurrence_at"))
                                    .put("due_at", Rows.time(row, "due_at"))
                                    .put("work_order_id", workOrderId.toString())
                                    .putNull("actor_id");
                            events.add(
                                new WorkOrderOutbox.Of(
                                    row.getUUID("org_id"),
                                    workOrderId,
                                    new WorkOrderOutbox.Pending(
                                        WorkOrderEventType.PM_SCHEDULE_GENERATED, data)));
                          }
                          JsonObject counts =
                              new JsonObject().put("generated", generated).put("skipped", skipped);
                          Future<Void> appended = WorkOrderOutbox.appendAll(conn, null, events);
                          return appended.map(v -> counts);
                        }));
  }
}
