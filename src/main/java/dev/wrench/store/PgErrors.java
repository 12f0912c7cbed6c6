package dev.wrench.store;

import dev.wrench.core.BusError;
import io.vertx.pgclient.PgException;
import java.util.Map;

/**
 * Turns PostgreSQL errors that a client caused into the problem it should see; the rest stay
 * internal.
 */
final class PgErrors {

  private PgErrors() {}

  /** Foreign keys → the request field that named the missing row. */
  private static final Map<String, String> REFERENCE_FIELDS =
      Map.ofEntries(
          Map.entry("work_orders_asset_fk", "/asset_id"),
          Map.entry("work_orders_assignee_fk", "/assignee_id"),
          Map.entry("work_orders_requester_fk", "/requester_id"),
          Map.entry("work_orders_location_fk", "/location_id"),
          Map.entry("work_orders_team_fk", "/team_id"),
          Map.entry("work_orders_checklist_template_fk", "/checklist_template_id"),
          Map.entry("pm_schedules_checklist_template_fk", "/checklist_template_id"),
          Map.entry("assets_location_fk", "/location_id"),
          Map.entry("pm_schedules_asset_fk", "/asset_id"),
          Map.entry("pm_schedules_assignee_fk", "/assignee_id"),
          Map.entry("pm_schedules_team_fk", "/team_id"),
          Map.entry("pm_schedules_site_fk", "/site_id"),
          Map.entry("pm_schedules_location_fk", "/location_id"),
          Map.entry("requests_asset_fk", "/asset_id"),
          Map.entry("requests_location_fk", "/location_id"),
          Map.entry("locations_parent_fk", "/parent_id"),
          Map.entry("locations_site_fk", "/site_id"),
          Map.entry("assets_parent_fk", "/parent_id"),
          Map.entry("assets_site_fk", "/site_id"),
          Map.entry("teams_site_fk", "/site_id"),
          Map.entry("technicians_site_fk", "/site_id"),
          Map.entry("technicians_team_fk", "/team_id"),
          Map.entry("technicians_user_fk", "/user_id"),
          Map.entry("oauth_clients_user_fk", "/user_id"),
          Map.entry("api_keys_user_fk", "/user_id"));

  private static final Map<String, String> UNIQUE_CONFLICTS =
      Map.of(
          "users_email_key", "a user with this e-mail address already exists",
          "technicians_user_key", "this user already has a technician record");

  /** The client-facing error for {@code e}, or null when it is a server fault. */
  static BusError toBusError(Throwable e) {
    if (!(e instanceof PgException pg)) {
      return null;
    }
    String state = pg.getSqlState();
    String constraint = pg.getConstraint();
    return switch (state == null ? "" : state) {
      case "23503" -> {
        String field = REFERENCE_FIELDS.get(constraint);
        yield field == null
            ? null
            : BusError.unprocessable(field, "refers to nothing that exists in this organization");
      }
      case "23505" -> {
        String message = UNIQUE_CONFLICTS.get(constraint);
        yield message == null ? null : new BusError(409, "conflict", message);
      }
      case "23514" ->
          "assets_not_own_parent".equals(constraint)
              ? BusError.unprocessable(
                  "/parent_id", "an asset cannot be its own parent or ancestor")
              : null;
      // Text the database cannot store (NUL, a byte sequence that is not UTF-8): the HTTP edge
      // refuses it first; this keeps any path it did not foresee a client error.
      case "22021", "22P05" ->
          new BusError(
              400,
              "validation",
              "the request contains text that cannot be stored (NUL or invalid UTF-8)");
      case "40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03", "53300" ->
          new BusError(
              503, "service-unavailable", "the database is busy or restarting; retry shortly");
      default -> null;
    };
  }
}
