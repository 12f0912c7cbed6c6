package dev.wrench.store;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns validated JSON values into SQL parameters. The contract has checked the shapes; these
 * checks catch what a JSON schema cannot (a UUID-looking string that is not a UUID).
 */
public final class Params {

  private Params() {}

  /** The {@code id} of a request path: a UUID, or a 400 that points at it. */
  public static UUID pathId(String value) {
    return uuid(value, "/path/id");
  }

  public static UUID uuid(String value, String pointer) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw BusError.badRequest(pointer, "must be a UUID");
    }
  }

  /** The earliest and latest instants accepted, so that every stored time has an RFC 3339 form. */
  static final OffsetDateTime EARLIEST = OffsetDateTime.parse("0001-01-01T00:00:00Z");

  static final OffsetDateTime LATEST = OffsetDateTime.parse("9998-12-31T23:59:59.999999Z");

  public static OffsetDateTime time(String value, String pointer) {
    if (value == null) {
      return null;
    }
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw BusError.badRequest(pointer, "must be an RFC 3339 date-time");
    }
    // Years 0 and 9999 with a far offset are years -1 and 10000 in UTC, which RFC 3339 cannot
    // write: the answer would break the contract's date-time.
    if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
      throw BusError.badRequest(
          pointer, "must be between 0001-01-01T00:00:00Z and 9998-12-31T23:59:59Z");
    }
    return time;
  }

  /**
   * The values of a list filter: a repeated parameter and a comma-separated one both mean "any of",
   * so {@code ["open,on_hold", "completed"]} is three values.
   */
  public static List<String> anyOf(JsonObject query, String name) {
    Object raw = query.getValue(name);
    List<String> values = new ArrayList<>();
    if (raw instanceof JsonArray array) {
      for (Object item : array) {
        split(String.valueOf(item), values);
      }
    } else if (raw != null) {
      split(raw.toString(), values);
    }
    return values;
  }

  private static void split(String value, List<String> into) {
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty() && !into.contains(trimmed)) {
        into.add(trimmed);
      }
    }
  }

  public static UUID[] uuids(List<String> values, String pointer) {
    return values.stream().map(v -> uuid(v, pointer)).toArray(UUID[]::new);
  }
}
