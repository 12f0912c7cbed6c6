package dev.wrench.store;

import dev.wrench.core.BusError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset cursor: the sort it was made for, the sort key of the last row and its id (the
 * tie-breaker). Encoded as base64url JSON; it carries no secrets, and a cursor that does not decode
 * or belongs to another sort is a 400, never a silent first page.
 */
public record Cursor(String sort, Object value, String id) {

  public String encode() {
    String json = new JsonArray().add(sort).add(value).add(id).encode();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  public static Cursor decode(String encoded, String expectedSort) {
    JsonArray parts;
    try {
      byte[] raw = Base64.getUrlDecoder().decode(encoded);
      parts = new JsonArray(new String(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw invalid("is not a cursor from this API");
    }
    if (parts.size() != 3
        || !(parts.getValue(0) instanceof String sort)
        || !(parts.getValue(2) instanceof String id)) {
      throw invalid("is not a cursor from this API");
    }
    if (!storable(id) || (parts.getValue(1) instanceof String value && !storable(value))) {
      // A cursor is opaque, but its text goes into SQL parameters, which cannot carry NUL.
      throw invalid("is not a cursor from this API");
    }
    if (!sort.equals(expectedSort)) {
      throw invalid("was made for sort '" + sort + "', not '" + expectedSort + "'");
    }
    return new Cursor(sort, parts.getValue(1), id);
  }

  /** Text PostgreSQL can take as a parameter: no NUL, no unpaired surrogate. */
  private static boolean storable(String text) {
    return text.indexOf('\u0000') < 0
        && text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }

  private static BusError invalid(String why) {
    return BusError.badRequest("/query/cursor", "cursor " + why);
  }
}
