package dev.wrench.labor;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.workorder.WorkOrderRepository;
import dev.wrench.workorder.WorkOrderRules;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What labor and costs need of a work order and a technician, in the caller's transaction: whether
 * the caller sees the work order (tenant, sites; 404 otherwise) and acts on it as its assignee (the
 * work order feature's rule), its currency's minor digits, and the change of its cost sums (V90),
 * which bumps its version: its representation changed, so its ETag does too.
 */
final class LaborAccessRepository {

  /** $3: the caller's user id (for the assignee rule, and for the sites of the IN_SITES form). */
  private static final String SELECT_WORK_ORDER =
      "SELECT currency_minor_digits(w.cost_currency) AS digits, now() AS now, "
          + WorkOrderRules.ASSIGNED_TO_CALLER.formatted("$3")
          + " AS assigned_to_caller FROM work_orders w"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL";

  private static final String SELECT_WORK_ORDER_IN_SITES =
      SELECT_WORK_ORDER + " AND site_visible($3, " + WorkOrderRepository.SITE_OF_W + ")";

  private static final String SELECT_TECHNICIAN =
      "SELECT id, user_id, hourly_rate FROM technicians"
          + " WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  private static final String SELECT_OWN_TECHNICIAN =
      "SELECT id, user_id, hourly_rate FROM technicians"
          + " WHERE org_id = $1 AND user_id = $2 AND deleted_at IS NULL";

  /** %s: the sum's column, one of three constants. */
  private static final String ADD_TO_SUM =
      "UPDATE work_orders SET %s = %s + $3, version = version + 1, updated_at = now()"
          + " WHERE org_id = $1 AND id = $2 RETURNING version";

  /** A work order as labor sees it; {@code now}: the transaction's time. */
  record WorkOrder(UUID id, int minorDigits, OffsetDateTime now, boolean assignedToCaller) {}

  /** A technician and the rate a new entry of theirs takes. */
  record Technician(UUID id, UUID userId, BigDecimal hourlyRate) {}

  /** The sums of a work order's costs. */
  enum Sum {
    LABOR("labor_cost"),
    OTHER("other_cost");

    private final String column;

    Sum(String column) {
      this.column = column;
    }
  }

  private LaborAccessRepository() {}

  static Future<WorkOrder> workOrder(SqlClient client, Actor actor, UUID workOrderId) {
    return client
        .preparedQuery(actor.siteScoped() ? SELECT_WORK_ORDER_IN_SITES : SELECT_WORK_ORDER)
        .execute(Tuple.of(actor.orgId(), workOrderId, actor.userId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("work order");
              }
              Row row = rows.iterator().next();
              return new WorkOrder(
                  workOrderId,
                  row.getInteger("digits"),
                  row.getOffsetDateTime("now"),
                  row.getBoolean("assigned_to_caller"));
            });
  }

  /**
   * The technician {@code technicianId}, or the caller's own record when it is null: a technician
   * of another organization or none at all is a 422 at {@code /technician_id}.
   */
  static Future<Technician> technician(SqlClient client, Actor actor, UUID technicianId) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows =
        technicianId == null
            ? client
                .preparedQuery(SELECT_OWN_TECHNICIAN)
                .execute(Tuple.of(actor.orgId(), actor.userId()))
            : client
                .preparedQuery(SELECT_TECHNICIAN)
                .execute(Tuple.of(actor.orgId(), technicianId));
    return rows.map(
        found -> {
          if (found.size() == 0) {
            throw BusError.unprocessable(
                "/technician_id",
                technicianId == null
                    ? "you have no technician record: name the technician"
                    : "refers to nothing that exists in this organization");
          }
          Row row = found.iterator().next();
          return new Technician(
              row.getUUID("id"), row.getUUID("user_id"), row.getBigDecimal("hourly_rate"));
        });
  }

  /** Adds {@code delta} to a sum of the work order: its new version. */
  static Future<Integer> addToSum(
      SqlClient client, Actor actor, UUID workOrderId, Sum sum, BigDecimal delta) {
    return client
        .preparedQuery(ADD_TO_SUM.formatted(sum.column, sum.column))
        .execute(Tuple.of(actor.orgId(), workOrderId, delta))
        .map(rows -> rows.iterator().next().getInteger("version"));
  }
}
