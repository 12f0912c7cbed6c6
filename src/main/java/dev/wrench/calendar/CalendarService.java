package dev.wrench.calendar;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of calendars and organization settings, served by the database verticles.
 * Schedules ask it which days are working days where; the settings operations are its HTTP side.
 */
@Bus.Address(CalendarService.ADDRESS)
public interface CalendarService {

  String ADDRESS = "wrench.db.calendar";

  /**
   * The effective calendar {@code {"time_zone", "working_days": ["mon", …], "holidays":
   * ["2026-12-25", …]}} of site {@code siteId} (each of its overrides over the organization's
   * setting of the same name) or of the organization when {@code siteId} is null. Defaults: UTC,
   * Monday to Friday, no holidays. An unknown (or deleted) site is a 404.
   */
  Future<JsonObject> calendar(Actor actor, String siteId);

  /** The organization's settings, the defaults when never changed ({@code version} 0). */
  @Bus.Verb("settings.get")
  Future<JsonObject> settings(Actor actor);

  /** A merge-patch of the settings; {@code ifMatch} null matches any version. */
  @Bus.Verb("settings.patch")
  Future<JsonObject> patchSettings(Actor actor, Integer ifMatch, JsonObject body);
}
