package dev.wrench.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A merge-patch (RFC 7396) of the organization settings, checked field by field: the whole new
 * settings. {@code features} merges key by key (a null removes a key), as a merge-patch of a nested
 * object does.
 */
final class SettingsPatch {

  private SettingsPatch() {}

  static JsonObject apply(JsonObject current, JsonObject patch) {
    JsonObject next = current.copy();
    for (String field : patch.fieldNames()) {
      Object value = patch.getValue(field);
      switch (field) {
        case "time_zone" -> next.put(field, CalendarRules.timeZone((String) value, "/time_zone"));
        case "currency" -> next.put(field, CalendarRules.currency((String) value, "/currency"));
        case "working_days" ->
            next.put(
                field,
                new JsonArray(
                    Arrays.asList(CalendarRules.workingDays((JsonArray) value, "/working_days"))));
        case "holidays" ->
            next.put(
                field,
                new JsonArray(
                    Arrays.stream(CalendarRules.holidays((JsonArray) value, "/holidays"))
                        .map(LocalDate::toString)
                        .toList()));
        case "features" -> next.put(field, features(current.getJsonObject(field), value));
        default -> throw dev.wrench.core.BusError.badRequest("/" + field, "cannot be changed");
      }
    }
    return next;
  }

  private static JsonObject features(JsonObject current, Object patch) {
    if (!(patch instanceof JsonObject changes)) {
      throw dev.wrench.core.BusError.badRequest("/features", "must be an object of booleans");
    }
    JsonObject merged = current.copy();
    for (String name : changes.fieldNames()) {
      Object value = changes.getValue(name);
      if (value == null) {
        merged.remove(name);
      } else if (value instanceof Boolean) {
        merged.put(name, value);
      } else {
        throw dev.wrench.core.BusError.badRequest("/features/" + name, "must be true or false");
      }
    }
    return merged;
  }
}
