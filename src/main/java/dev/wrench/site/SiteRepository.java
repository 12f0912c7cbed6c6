package dev.wrench.site;

import dev.wrench.calendar.CalendarRules;
import dev.wrench.core.Actor;
import dev.wrench.store.Keyset;
import dev.wrench.store.ResourceRepository;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import dev.wrench.store.VersionedTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Sites (locations) of an organization: all the SQL that touches them. */
public final class SiteRepository implements ResourceRepository {

  private static final String COLUMNS =
      "s.id, s.name, s.address, s.time_zone, s.working_days, s.holidays, s.created_at,"
          + " s.updated_at, s.version";

  private static final String INSERT =
      "INSERT INTO sites AS s (org_id, name, address, time_zone, working_days, holidays)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("s.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("s.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("s.updated_at", Keyset.Type.TIMESTAMP)),
          "s.id",
          Keyset.Type.UUID);

  private static final Function<Object, Object> AS_IS = value -> value;

  private final RowSecurity db;
  private final VersionedTable table;

  public SiteRepository(RowSecurity db) {
    this.db = db;
    this.table =
        new VersionedTable(
            db,
            "sites",
            "s",
            COLUMNS,
            "site",
            SiteRepository::toJson,
            Map.of(
                "name", AS_IS,
                "address", AS_IS,
                "time_zone", value -> timeZone(value),
                "working_days", value -> workingDays(value),
                "holidays", value -> holidays(value)),
            false);
  }

  /** A site's own time zone, or null for the organization's. */
  private static String timeZone(Object value) {
    return value == null ? null : CalendarRules.timeZone((String) value, "/time_zone");
  }

  private static String[] workingDays(Object value) {
    return value == null ? null : CalendarRules.workingDays((JsonArray) value, "/working_days");
  }

  private static LocalDate[] holidays(Object value) {
    return value == null ? null : CalendarRules.holidays((JsonArray) value, "/holidays");
  }

  private static JsonArray array(Object[] values) {
    return values == null
        ? null
        : new JsonArray(Arrays.stream(values).map(Object::toString).toList());
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("address", row.getString("address"))
        .put("time_zone", row.getString("time_zone"))
        .put("working_days", array(row.getArrayOfStrings("working_days")))
        .put("holidays", array(row.getArrayOfLocalDates("holidays")))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.of(
                actor.orgId(),
                body.getString("name"),
                body.getString("address"),
                timeZone(body.getValue("time_zone")),
                workingDays(body.getValue("working_days")),
                holidays(body.getValue("holidays"))))
        .map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return table.get(actor, id);
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "name");
    SqlBuilder sql =
        new SqlBuilder().where("s.org_id = %s", actor.orgId()).where("s.deleted_at IS NULL");
    page.seek(sql, query.getString("cursor"));
    return page.fetch(db.tenant(actor.orgId()), COLUMNS, "sites s", sql, SiteRepository::toJson);
  }

  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    return table.patch(actor, id, ifMatch, body);
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return table.softDelete(actor, id, ifMatch);
  }
}
