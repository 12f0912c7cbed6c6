package dev.wrench.pm;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.pm.ReadingRules.Reading;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The readings of meters: a batch written in one multi-row INSERT (arrays unnested, not a statement
 * per reading), and listed by {@code taken_at}.
 */
public final class MeterReadingRepository {

  // The meter's row lock serialises the batches of one meter: each needs the reading before it.
  private static final String LOCK =
      "SELECT m.kind, m.last_taken_at, m.last_value::text AS last_value,"
          + " m.last_usage::text AS last_usage FROM meters m"
          + " WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR site_visible($3, "
          + MeterRepository.ASSET_SITE
          + ")) FOR UPDATE OF m";

  // A reading at an instant the meter already has is ignored (ON CONFLICT): see the contract.
  private static final String INSERT =
      "INSERT INTO meter_readings (meter_id, taken_at, org_id, value, usage)"
          + " SELECT $2, t.taken_at, $1, t.value::numeric, t.usage::numeric"
          + " FROM unnest($3::timestamptz[], $4::text[], $5::text[]) AS t(taken_at, value, usage)"
          + " ON CONFLICT (meter_id, taken_at) DO NOTHING";

  /**
   * A counter's usage from the reading before {@code $2} on, after a batch with readings older than
   * the meter's latest: the same rule as {@link ReadingRules#delta}, in SQL, so that only the
   * readings after the late one are read and rewritten.
   */
  private static final String RECOMPUTE_USAGE =
      "WITH prev AS (SELECT r.taken_at, r.usage FROM meter_readings r"
          + "   WHERE r.meter_id = $1 AND r.taken_at < $2 ORDER BY r.taken_at DESC LIMIT 1),"
          + " seq AS (SELECT r.taken_at, r.value,"
          + "   lag(r.value) OVER (ORDER BY r.taken_at) AS previous FROM meter_readings r"
          + "   WHERE r.meter_id = $1"
          + "   AND r.taken_at >= coalesce((SELECT taken_at FROM prev), '-infinity'::timestamptz)),"
          + " calc AS (SELECT taken_at, coalesce((SELECT usage FROM prev), 0)"
          + "   + sum(CASE WHEN previous IS NULL OR value < previous THEN 0"
          + "     ELSE value - previous END) OVER (ORDER BY taken_at) AS usage FROM seq)"
          + " UPDATE meter_readings r SET usage = calc.usage FROM calc"
          + " WHERE r.meter_id = $1 AND r.taken_at = calc.taken_at"
          + " AND r.usage IS DISTINCT FROM calc.usage";

  // The meter's answer changes with its latest reading: a new version, so that ETags tell.
  private static final String ADVANCE =
      "UPDATE meters m SET (last_taken_at, last_value, last_usage) ="
          + " (SELECT r.taken_at, r.value, r.usage FROM meter_readings r"
          + "  WHERE r.meter_id = m.id ORDER BY r.taken_at DESC LIMIT 1),"
          + " version = m.version + 1, updated_at = now()"
          + " WHERE m.org_id = $1 AND m.id = $2"
          + " RETURNING m.last_taken_at, m.last_value::text AS last_value";

  private static final String VISIBLE =
      "SELECT 1 FROM meters m WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR site_visible($3, "
          + MeterRepository.ASSET_SITE
          + "))";

  private static final String READING_COLUMNS =
      "r.taken_at, r.value::text AS value, r.usage::text AS usage";

  // taken_at is unique per meter: it is its own tie-breaker.
  private static final Keyset KEYSET =
      new Keyset(
          Map.of("taken_at", new Keyset.SortKey("r.taken_at", Keyset.Type.TIMESTAMP)),
          "r.taken_at",
          Keyset.Type.TIMESTAMP);

  private final RowSecurity db;
  private final MeterTriggerRepository triggers = new MeterTriggerRepository();

  public MeterReadingRepository(RowSecurity db) {
    this.db = db;
  }

  /**
   * A batch of readings (in {@code taken_at} order) of meter {@code meterId}, in the caller's
   * transaction {@code client}: the meter locked, the readings written, the meter triggers
   * evaluated. Answers the {@code MeterReadingsCreated} of the contract.
   */
  Future<JsonObject> ingest(SqlClient client, Actor actor, UUID meterId, List<Reading> batch) {
    return lock(client, actor, meterId)
        .compose(meter -> write(client, actor.orgId(), meterId, meter, batch))
        .compose(
            written ->
                (written.accepted() == 0
                        ? Future.succeededFuture(new JsonArray())
                        : triggers.evaluate(client, actor.orgId(), meterId))
                    .map(
                        occurrences ->
                            new JsonObject()
                                .put("meter_id", meterId.toString())
                                .put("accepted", written.accepted())
                                .put("ignored", batch.size() - written.accepted())
                                .put("last_reading", written.lastReading())
                                .put("occurrences", occurrences)));
  }

  /** The locked meter a batch is written to. */
  record LockedMeter(
      String kind, OffsetDateTime lastTakenAt, BigDecimal lastValue, BigDecimal lastUsage) {

    boolean counter() {
      return "counter".equals(kind);
    }

    JsonObject lastReading() {
      return lastValue == null
          ? null
          : new JsonObject()
              .put("value", lastValue.toPlainString())
              .put("taken_at", Rows.format(lastTakenAt));
    }
  }

  /** What a batch wrote: how many readings were new, and the meter's latest reading after it. */
  record Written(int accepted, JsonObject lastReading) {}

  /** Locks meter {@code meterId} for the batch: 404 when the caller cannot see it. */
  Future<LockedMeter> lock(SqlClient client, Actor actor, UUID meterId) {
    return client
        .preparedQuery(LOCK)
        .execute(Tuple.of(actor.orgId(), meterId, MeterRepository.siteUser(actor)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("meter");
              }
              Row row = rows.iterator().next();
              return new LockedMeter(
                  row.getString("kind"),
                  row.getOffsetDateTime("last_taken_at"),
                  decimal(row.getString("last_value")),
                  decimal(row.getString("last_usage")));
            });
  }

  /**
   * Writes {@code readings} (in {@code taken_at} order) of the locked {@code meter}. When all are
   * newer than its latest, a counter's usage is computed here and written with them; otherwise the
   * usage from the oldest of them on is recomputed in the database after the insert.
   */
  Future<Written> write(
      SqlClient client, UUID orgId, UUID meterId, LockedMeter meter, List<Reading> readings) {
    boolean inOrder =
        meter.lastTakenAt() == null || readings.get(0).takenAt().isAfter(meter.lastTakenAt());
    int n = readings.size();
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] values = new String[n];
    String[] usages = new String[n];
    List<BigDecimal> computed =
        meter.counter() && inOrder
            ? ReadingRules.usages(
                meter.lastValue(),
                meter.lastUsage(),
                readings.stream().map(Reading::value).toList())
            : null;
    for (int i = 0; i < n; i++) {
      times[i] = readings.get(i).takenAt();
      values[i] = readings.get(i).value().toPlainString();
      // Out of order, a placeholder the recomputation replaces in this transaction.
      usages[i] =
          !meter.counter() ? null : computed == null ? "0" : computed.get(i).toPlainString();
    }
    Future<Integer> inserted =
        client
            .preparedQuery(INSERT)
            .execute(Tuple.of(orgId, meterId, times, values, usages))
            .map(rows -> rows.rowCount());
    return inserted.compose(
        accepted -> {
          if (accepted == 0) {
            return Future.succeededFuture(new Written(0, meter.lastReading()));
          }
          Future<?> usage =
              meter.counter() && !inOrder
                  ? client.preparedQuery(RECOMPUTE_USAGE).execute(Tuple.of(meterId, times[0]))
                  : Future.succeededFuture();
          return usage
              .compose(done -> client.preparedQuery(ADVANCE).execute(Tuple.of(orgId, meterId)))
              .map(
                  rows -> {
                    Row row = rows.iterator().next();
                    JsonObject last =
                        new JsonObject()
                            .put("value", row.getString("last_value"))
                            .put("taken_at", Rows.time(row, "last_taken_at"));
                    return new Written(accepted, last);
                  });
        });
  }

  /** A page of meter {@code meterId}'s readings: 404 when the caller cannot see the meter. */
  public Future<JsonObject> list(Actor actor, UUID meterId, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "taken_at");
    SqlBuilder sql =
        new SqlBuilder().where("r.org_id = %s", actor.orgId()).where("r.meter_id = %s", meterId);
    OffsetDateTime from = Params.time(query.getString("from"), "/query/from");
    OffsetDateTime to = Params.time(query.getString("to"), "/query/to");
    if (from != null) {
      sql.where("r.taken_at >= %s", from);
    }
    if (to != null) {
      sql.where("r.taken_at < %s", to);
    }
    page.seek(sql, query.getString("cursor"));
    String text =
        "SELECT "
            + READING_COLUMNS
            + ", "
            + page.selectKey()
            + " FROM meter_readings r"
            + sql.whereClause()
            + page.orderBy();
    // Both in one round trip; the readings are only answered when the meter is visible.
    return db.tenant(actor.orgId())
        .pipeline(
            List.of(
                new RowSecurity.Sql(
                    VISIBLE, Tuple.of(actor.orgId(), meterId, MeterRepository.siteUser(actor))),
                new RowSecurity.Sql(text, sql.params())))
        .map(
            results -> {
              if (results.get(0).size() == 0) {
                throw BusError.notFound("meter");
              }
              return page.toJson(results.get(1), MeterReadingRepository::toJson, "taken_at");
            });
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("value", row.getString("value"))
        .put("taken_at", Rows.time(row, "taken_at"))
        .put("usage", row.getString("usage"));
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
