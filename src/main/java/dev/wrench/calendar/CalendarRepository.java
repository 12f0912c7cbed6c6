package dev.wrench.calendar;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Organization settings and calendars: all the SQL of this feature, serving {@link
 * CalendarService}. The settings row is made on the first change; until then the defaults of {@link
 * CalendarRules} stand, with version 0.
 */
final class CalendarRepository implements CalendarService {

  private static final String SETTINGS_COLUMNS =
      "time_zone, currency, working_days, holidays, features, version, created_at, updated_at";

  /**
   * The organization's settings and, when $2 is set, that site's overrides, in one round trip; a
   * site row of another organization is invisible (its org_id does not match $1, and row-level
   * security hides it besides).
   */
  private static final String SELECT_CALENDAR =
      "SELECT o.time_zone AS org_time_zone, o.working_days AS org_working_days,"
          + " o.holidays AS org_holidays, s.id AS site_id, s.time_zone, s.working_days, s.holidays"
          + " FROM (SELECT $1::uuid AS org_id) x"
          + " LEFT JOIN organization_settings o ON o.org_id = x.org_id"
          + " LEFT JOIN sites s ON s.org_id = x.org_id AND s.id = $2 AND s.deleted_at IS NULL";

  private static final String SELECT_SETTINGS =
      "SELECT " + SETTINGS_COLUMNS + " FROM organization_settings WHERE org_id = $1";

  private static final String SELECT_SETTINGS_FOR_UPDATE = SELECT_SETTINGS + " FOR UPDATE";

  /**
   * The whole new settings, the version the caller's change was checked against in $7: a first
   * change inserts the row; two first changes at once conflict, and the second updates nothing (its
   * version 0 is stale by then) and is told 412.
   */
  private static final String UPSERT_SETTINGS =
      "INSERT INTO organization_settings AS o (org_id, time_zone, currency, working_days, holidays,"
          + " features, version) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7 + 1)"
          + " ON CONFLICT (org_id) DO UPDATE SET time_zone = EXCLUDED.time_zone,"
          + " currency = EXCLUDED.currency, working_days = EXCLUDED.working_days,"
          + " holidays = EXCLUDED.holidays, features = EXCLUDED.features,"
          + " version = o.version + 1, updated_at = now() WHERE o.version = $7"
          + " RETURNING "
          + SETTINGS_COLUMNS;

  private final RowSecurity db;

  CalendarRepository(RowSecurity db) {
    this.db = db;
  }

  @Override
  public Future<JsonObject> calendar(Actor actor, String siteId) {
    UUID site = Params.uuid(siteId, "/site_id");
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_CALENDAR)
        .execute(Tuple.of(actor.orgId(), site))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              if (site != null && row.getUUID("site_id") == null) {
                throw BusError.notFound("site");
              }
              JsonObject organization =
                  new JsonObject()
                      .put("time_zone", row.getString("org_time_zone"))
                      .put("working_days", strings(row.getArrayOfStrings("org_working_days")))
                      .put("holidays", dates(row.getArrayOfLocalDates("org_holidays")));
              JsonObject overrides =
                  new JsonObject()
                      .put("time_zone", row.getString("time_zone"))
                      .put("working_days", strings(row.getArrayOfStrings("working_days")))
                      .put("holidays", dates(row.getArrayOfLocalDates("holidays")));
              return CalendarRules.effective(organization, overrides);
            });
  }

  @Override
  public Future<JsonObject> settings(Actor actor) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_SETTINGS)
        .execute(Tuple.of(actor.orgId()))
        .map(rows -> rows.size() == 0 ? defaults() : toJson(rows.iterator().next()));
  }

  @Override
  public Future<JsonObject> patchSettings(Actor actor, Integer ifMatch, JsonObject body) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                conn.preparedQuery(SELECT_SETTINGS_FOR_UPDATE)
                    .execute(Tuple.of(actor.orgId()))
                    .compose(
                        rows -> {
                          JsonObject current =
                              rows.size() == 0 ? defaults() : toJson(rows.iterator().next());
                          int version = current.getInteger("version");
                          if (ifMatch != null && ifMatch != version) {
                            throw stale(ifMatch, version);
                          }
                          JsonObject next = SettingsPatch.apply(current, body);
                          if (next.equals(current)) {
                            return Future.succeededFuture(current);
                          }
                          Tuple params =
                              Tuple.of(
                                      actor.orgId(),
                                      next.getString("time_zone"),
                                      next.getString("currency"),
                                      next.getJsonArray("working_days")
                                          .getList()
                                          .toArray(String[]::new),
                                      next.getJsonArray("holidays").stream()
                                          .map(d -> LocalDate.parse((String) d))
                                          .toArray(LocalDate[]::new),
                                      next.getJsonObject("features"))
                                  .addValue(version);
                          return conn.preparedQuery(UPSERT_SETTINGS)
                              .execute(params)
                              .map(
                                  updated -> {
                                    if (updated.size() == 0) {
                                      throw stale(version, version + 1);
                                    }
                                    return toJson(updated.iterator().next());
                                  });
                        }));
  }

  private static BusError stale(int ifMatch, int current) {
    return new BusError(
        412,
        "precondition-failed",
        "version " + ifMatch + " is stale; the current version is " + current);
  }

  static JsonObject defaults() {
    return new JsonObject()
        .put("time_zone", CalendarRules.DEFAULT_TIME_ZONE)
        .put("currency", CalendarRules.DEFAULT_CURRENCY)
        .put("working_days", new JsonArray(CalendarRules.DEFAULT_WORKING_DAYS))
        .put("holidays", new JsonArray())
        .put("features", new JsonObject())
        .put("version", 0)
        .putNull("created_at")
        .putNull("updated_at");
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("time_zone", row.getString("time_zone"))
        .put("currency", row.getString("currency"))
        .put("working_days", strings(row.getArrayOfStrings("working_days")))
        .put("holidays", dates(row.getArrayOfLocalDates("holidays")))
        .put("features", row.getJsonObject("features"))
        .put("version", row.getInteger("version"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"));
  }

  private static JsonArray strings(String[] values) {
    return values == null ? null : new JsonArray(Arrays.asList(values));
  }

  private static JsonArray dates(LocalDate[] values) {
    return values == null
        ? null
        : new JsonArray(Arrays.stream(values).map(LocalDate::toString).toList());
  }
}
