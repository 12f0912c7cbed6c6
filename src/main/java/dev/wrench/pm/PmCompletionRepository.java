package dev.wrench.pm;

import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The after_completion schedules waiting for a work order, and their moving on. */
public final class PmCompletionRepository {

  private static final String AWAITING =
      "SELECT "
          + PmScheduleRepository.COLUMNS
          + " FROM pm_schedules p WHERE p.org_id = $1 AND p.awaiting_work_order_id = $2"
          + " AND p.deleted_at IS NULL";

  // Only while still waiting for that work order: a second delivery of the event changes nothing.
  private static final String MOVE_ON =
      "UPDATE pm_schedules SET next_occurrence_at = $3, next_due_at = $4,"
          + " awaiting_work_order_id = NULL, version = version + 1, updated_at = now()"
          + " WHERE org_id = $1 AND id = $2 AND awaiting_work_order_id = $5";

  // Across organizations: the generator serves them all (docs/security.md).
  private static final String STALE =
      "SELECT "
          + PmScheduleRepository.COLUMNS
          + " FROM pm_schedules p WHERE p.awaiting_work_order_id IS NOT NULL"
          + " AND p.deleted_at IS NULL"
          + " AND (p.awaiting_checked_at IS NULL OR p.awaiting_checked_at <= $1)"
          + " ORDER BY p.awaiting_checked_at NULLS FIRST LIMIT $2";

  private static final String CHECKED =
      "UPDATE pm_schedules SET awaiting_checked_at = $3"
          + " WHERE org_id = $1 AND id = $2 AND awaiting_work_order_id IS NOT NULL";

  private final RowSecurity db;

  public PmCompletionRepository(RowSecurity db) {
    this.db = db;
  }

  public Future<Optional<PmSchedule>> awaiting(UUID orgId, UUID workOrderId) {
    return db.tenant(orgId)
        .preparedQuery(AWAITING)
        .execute(Tuple.of(orgId, workOrderId))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(PmScheduleRepository.toSchedule(rows.iterator().next())));
  }

  /**
   * Schedules waiting for a work order that were last asked about at or before {@code before} (or
   * never), the longest unasked first.
   */
  public Future<List<PmSchedule>> unchecked(Instant before, int limit) {
    return db.system()
        .preparedQuery(STALE)
        .execute(Tuple.of(PmScheduleRepository.time(before), limit))
        .map(
            rows -> {
              List<PmSchedule> schedules = new ArrayList<>();
              rows.forEach(row -> schedules.add(PmScheduleRepository.toSchedule(row)));
              return schedules;
            });
  }

  /** Records that the schedule's work order was asked about at {@code at}. */
  public Future<Void> checked(PmSchedule schedule, Instant at) {
    return db.tenant(schedule.orgId())
        .preparedQuery(CHECKED)
        .execute(Tuple.of(schedule.orgId(), schedule.id(), PmScheduleRepository.time(at)))
        .mapEmpty();
  }

  /** Plans {@code next} for the schedule once its work order {@code workOrderId} is done. */
  public Future<Boolean> moveOn(PmSchedule schedule, UUID workOrderId, Occurrence next) {
    return db.tenant(schedule.orgId())
        .preparedQuery(MOVE_ON)
        .execute(
            Tuple.of(
                schedule.orgId(),
                schedule.id(),
                PmScheduleRepository.time(next.occurrenceAt()),
                PmScheduleRepository.time(next.dueAt()),
                workOrderId))
        .map(rows -> rows.rowCount() > 0);
  }
}
