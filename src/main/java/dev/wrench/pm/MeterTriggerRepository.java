package dev.wrench.pm;

import dev.wrench.pm.MeterTriggerRules.Outcome;
import dev.wrench.pm.MeterTriggerRules.Point;
import dev.wrench.pm.MeterTriggerRules.State;
import dev.wrench.pm.MeterTriggerRules.Trigger;
import dev.wrench.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The meter triggers of preventive maintenance, evaluated in the transaction of a batch of readings
 * (under the meter's row lock, after the readings are written): the schedules of the meter and
 * their states, the readings newer than the oldest state, the occurrences made due and the states
 * after the batch.
 */
final class MeterTriggerRepository {

  // A schedule seen for the first time has no state: its counting starts at the last reading at
  // or before its creation (none: at the first one after it). A schedule whose trigger changed
  // since its state was written starts anew from the change (its last update), or from the newest
  // reading the old trigger evaluated when that is later: no reading counts under both.
  private static final String SCHEDULES =
      "SELECT s.id, s.trigger, s.paused, b.began, b.fresh, st.baseline::text AS baseline,"
          + " st.reached, st.armed, st.evaluated_to,"
          + " p.taken_at AS before_taken_at, p.value::text AS before_value,"
          + " p.usage::text AS before_usage"
          + " FROM pm_schedules s"
          + " LEFT JOIN meter_trigger_states st ON st.schedule_id = s.id"
          + " CROSS JOIN LATERAL (SELECT st.schedule_id IS NULL"
          + "   OR st.trigger IS DISTINCT FROM s.trigger AS fresh,"
          + "   CASE WHEN st.schedule_id IS NULL THEN s.created_at"
          + "     ELSE greatest(s.updated_at, st.evaluated_to) END AS began) b"
          + " LEFT JOIN LATERAL (SELECT r.taken_at, r.value, r.usage FROM meter_readings r"
          + "   WHERE r.meter_id = $2 AND r.taken_at <= b.began"
          + "   ORDER BY r.taken_at DESC LIMIT 1) p ON b.fresh"
          + " WHERE s.org_id = $1 AND s.trigger_type = 'meter' AND s.deleted_at IS NULL"
          + " AND s.trigger ->> 'meter_id' = $3";

  private static final String POINTS =
      "SELECT r.taken_at, r.value::text AS value, r.usage::text AS usage FROM meter_readings r"
          + " WHERE r.meter_id = $1 AND r.taken_at > $2 ORDER BY r.taken_at";

  // Due at once: a meter's occurrence has come when its reading is taken. The key makes a
  // crossing recorded twice (it cannot be: the states move under the meter's lock) harmless.
  private static final String OCCURRENCES =
      "INSERT INTO pm_occurrences (org_id, schedule_id, occurrence_at, due_at, status)"
          + " SELECT $1, t.schedule_id, t.at, t.at, 'due'"
          + " FROM unnest($2::uuid[], $3::timestamptz[]) AS t(schedule_id, at)"
          + " ON CONFLICT (schedule_id, occurrence_at) DO NOTHING"
          + " RETURNING schedule_id, occurrence_at";

  private static final String STATES =
      "INSERT INTO meter_trigger_states AS st"
          + " (schedule_id, org_id, meter_id, baseline, reached, armed, evaluated_to, trigger)"
          + " SELECT t.schedule_id, $1, $2, t.baseline::numeric, t.reached, t.armed, t.evaluated_to,"
          + "   t.trigger::jsonb"
          + " FROM unnest($3::uuid[], $4::text[], $5::int8[], $6::bool[], $7::timestamptz[],"
          + "   $8::text[]) AS t(schedule_id, baseline, reached, armed, evaluated_to, trigger)"
          + " ON CONFLICT (schedule_id) DO UPDATE SET meter_id = EXCLUDED.meter_id,"
          + " baseline = EXCLUDED.baseline, reached = EXCLUDED.reached, armed = EXCLUDED.armed,"
          + " evaluated_to = EXCLUDED.evaluated_to, trigger = EXCLUDED.trigger, updated_at = now()";

  /** One schedule of the meter, where it stood before the batch. */
  private record Schedule(UUID id, JsonObject json, Trigger trigger, boolean paused, State state) {}

  /**
   * Evaluates the triggers on meter {@code meterId} after a batch: answers the occurrences made due
   * ({@code [{schedule_id, occurrence_at}]}). A paused schedule's trigger moves on without making
   * any (resuming does not back-fill the pause).
   */
  Future<JsonArray> evaluate(SqlClient client, UUID orgId, UUID meterId) {
    return client
        .preparedQuery(SCHEDULES)
        .execute(Tuple.of(orgId, meterId, meterId.toString()))
        .compose(
            rows -> {
              List<Schedule> schedules = new ArrayList<>();
              for (Row row : rows) {
                JsonObject json = row.getJsonObject("trigger");
                Trigger trigger = MeterTriggerRules.parse(json);
                if (trigger != null) {
                  schedules.add(
                      new Schedule(
                          row.getUUID("id"), json, trigger, row.getBoolean("paused"), state(row)));
                }
              }
              if (schedules.isEmpty()) {
                return Future.succeededFuture(new JsonArray());
              }
              OffsetDateTime from =
                  schedules.stream()
                      .map(s -> s.state().evaluatedTo())
                      .min(OffsetDateTime::compareTo)
                      .orElseThrow();
              return client
                  .preparedQuery(POINTS)
                  .execute(Tuple.of(meterId, from))
                  .compose(points -> record(client, orgId, meterId, schedules, points(points)));
            });
  }

  private Future<JsonArray> record(
      SqlClient client, UUID orgId, UUID meterId, List<Schedule> schedules, List<Point> points) {
    List<UUID> occurrenceSchedules = new ArrayList<>();
    List<OffsetDateTime> occurrenceTimes = new ArrayList<>();
    int n = schedules.size();
    UUID[] ids = new UUID[n];
    String[] baselines = new String[n];
    Long[] reached = new Long[n];
    Boolean[] armed = new Boolean[n];
    OffsetDateTime[] evaluatedTo = new OffsetDateTime[n];
    String[] triggers = new String[n];
    for (int i = 0; i < n; i++) {
      Schedule schedule = schedules.get(i);
      Outcome outcome = MeterTriggerRules.evaluate(schedule.trigger(), schedule.state(), points);
      if (!schedule.paused()) {
        for (OffsetDateTime at : outcome.crossings()) {
          occurrenceSchedules.add(schedule.id());
          occurrenceTimes.add(at);
        }
      }
      State after = outcome.state();
      ids[i] = schedule.id();
      baselines[i] = after.baseline() == null ? null : after.baseline().toPlainString();
      reached[i] = after.reached();
      armed[i] = after.armed();
      evaluatedTo[i] = after.evaluatedTo();
      triggers[i] = schedule.json().encode();
    }
    Future<JsonArray> occurrences =
        occurrenceSchedules.isEmpty()
            ? Future.succeededFuture(new JsonArray())
            : client
                .preparedQuery(OCCURRENCES)
                .execute(
                    Tuple.of(
                        orgId,
                        occurrenceSchedules.toArray(UUID[]::new),
                        occurrenceTimes.toArray(OffsetDateTime[]::new)))
                .map(
                    rows -> {
                      JsonArray made = new JsonArray();
                      for (Row row : rows) {
                        made.add(
                            new JsonObject()
                                .put("schedule_id", row.getUUID("schedule_id").toString())
                                .put("occurrence_at", Rows.time(row, "occurrence_at")));
                      }
                      return made;
                    });
    return occurrences.compose(
        made ->
            client
                .preparedQuery(STATES)
                .execute(
                    Tuple.of(orgId, meterId, ids, baselines, reached, armed)
                        .addValue(evaluatedTo)
                        .addValue(triggers))
                .map(made));
  }

  private static State state(Row row) {
    if (!row.getBoolean("fresh")) {
      return new State(
          decimal(row.getString("baseline")),
          row.getLong("reached"),
          row.getBoolean("armed"),
          row.getOffsetDateTime("evaluated_to"));
    }
    String beforeValue = row.getString("before_value");
    Point before =
        beforeValue == null
            ? null
            : new Point(
                row.getOffsetDateTime("before_taken_at"),
                new BigDecimal(beforeValue),
                decimal(row.getString("before_usage")));
    return State.initial(row.getOffsetDateTime("began"), before);
  }

  private static List<Point> points(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Point> points = new ArrayList<>(rows.size());
    for (Row row : rows) {
      points.add(
          new Point(
              row.getOffsetDateTime("taken_at"),
              new BigDecimal(row.getString("value")),
              decimal(row.getString("usage"))));
    }
    return points;
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
