package dev.wrench.technician;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
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
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Technicians: all the SQL that touches them. */
public final class TechnicianRepository implements ResourceRepository {

  private static final String COLUMNS =
      "t.id, t.name, t.email, t.skills, t.user_id, t.site_id, t.team_id, t.active, t.hourly_rate,"
          + " t.created_at, t.updated_at, t.version";

  private static final String INSERT =
      "INSERT INTO technicians AS t (org_id, name, email, skills, user_id, active, site_id, team_id,"
          + " hourly_rate) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
          + COLUMNS;

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("t.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("t.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("t.updated_at", Keyset.Type.TIMESTAMP)),
          "t.id",
          Keyset.Type.UUID);

  private static final Function<Object, Object> AS_IS = value -> value;

  private final RowSecurity db;
  private final VersionedTable table;

  public TechnicianRepository(RowSecurity db) {
    this.db = db;
    this.table =
        new VersionedTable(
            db,
            "technicians",
            "t",
            COLUMNS,
            "technician",
            TechnicianRepository::toJson,
            Map.of(
                "name",
                AS_IS,
                "email",
                AS_IS,
                "active",
                AS_IS,
                "skills",
                TechnicianRepository::skills,
                "user_id",
                value -> Params.uuid((String) value, "/user_id"),
                "site_id",
                value -> Params.uuid((String) value, "/site_id"),
                "team_id",
                value -> Params.uuid((String) value, "/team_id"),
                "hourly_rate",
                value -> hourlyRate((String) value)),
            false);
  }

  /**
   * The rate as an exact decimal, as sent (its scale kept: "45.50" stays "45.50"); the contract's
   * pattern has allowed only digits with up to four decimals, so this cannot fail on a validated
   * request.
   */
  private static BigDecimal hourlyRate(String value) {
    if (value == null) {
      throw BusError.badRequest("/hourly_rate", "must not be null");
    }
    return new BigDecimal(value);
  }

  private static String[] skills(Object value) {
    JsonArray array = value instanceof JsonArray a ? a : new JsonArray();
    return array.stream().map(String::valueOf).toArray(String[]::new);
  }

  static JsonObject toJson(Row row) {
    String[] skills = row.getArrayOfStrings("skills");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("email", row.getString("email"))
        .put(
            "skills",
            new JsonArray(skills == null ? java.util.List.of() : java.util.List.of(skills)))
        .put("user_id", Rows.uuid(row, "user_id"))
        .put("site_id", Rows.uuid(row, "site_id"))
        .put("team_id", Rows.uuid(row, "team_id"))
        .put("active", row.getBoolean("active"))
        .put("hourly_rate", row.getBigDecimal("hourly_rate").toPlainString())
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    Tuple params =
        Tuple.of(
                actor.orgId(),
                body.getString("name"),
                body.getString("email"),
                skills(body.getValue("skills")),
                Params.uuid(body.getString("user_id"), "/user_id"))
            .addValue(body.getBoolean("active", true))
            .addValue(Params.uuid(body.getString("site_id"), "/site_id"))
            .addValue(Params.uuid(body.getString("team_id"), "/team_id"))
            .addValue(hourlyRate(body.getString("hourly_rate", "0")));
    return client.preparedQuery(INSERT).execute(params).map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return table.get(actor, id);
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "name");
    SqlBuilder sql =
        new SqlBuilder().where("t.org_id = %s", actor.orgId()).where("t.deleted_at IS NULL");
    if (query.getBoolean("active") != null) {
      sql.where("t.active = %s", query.getBoolean("active"));
    }
    if (query.getString("skill") != null) {
      sql.where("t.skills @> %s", new String[] {query.getString("skill")});
    }
    for (String column : java.util.List.of("site_id", "team_id")) {
      if (query.getString(column) != null) {
        sql.where(
            "t." + column + " = %s", Params.uuid(query.getString(column), "/query/" + column));
      }
    }
    if (query.getString("user_id") != null) {
      sql.where("t.user_id = %s", Params.uuid(query.getString("user_id"), "/query/user_id"));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()), COLUMNS, "technicians t", sql, TechnicianRepository::toJson);
  }

  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    return table.patch(actor, id, ifMatch, body);
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return table.softDelete(actor, id, ifMatch);
  }
}
