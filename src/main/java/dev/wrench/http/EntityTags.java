package dev.wrench.http;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions as entity tags: a resource's {@code version} is its strong ETag ({@code "3"}); {@code
 * If-None-Match} and {@code If-Match} name versions the same way (RFC 9110 §8.8.3, §13.1).
 */
public final class EntityTags {

  private static final Pattern ENTITY_TAG = Pattern.compile("^\\s*(?:W/)?\"(\\d{1,9})\"\\s*$");

  private EntityTags() {}

  /** The resource's ETag, or null for a resource without a version. */
  public static String of(JsonObject resource) {
    Integer version = resource.getInteger("version");
    return version == null ? null : "\"" + version + "\"";
  }

  /** Whether an {@code If-None-Match} header names {@code etag} (or is {@code *}). */
  static boolean matchesAny(String header, String etag) {
    if (header.trim().equals("*")) {
      return true;
    }
    for (String candidate : header.split(",")) {
      Matcher m = ENTITY_TAG.matcher(candidate);
      if (m.matches() && etag.equals("\"" + m.group(1) + "\"")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The version an {@code If-Match} header names: null for {@code *}, which matches any current
   * version (RFC 9110 §13.1.1), so the change applies without a version check.
   *
   * @throws BusError 400 when the header names no version
   */
  static Integer ifMatch(String header) {
    if (header.trim().equals("*")) {
      return null;
    }
    Matcher m = ENTITY_TAG.matcher(header);
    if (!m.matches()) {
      throw new BusError(
          400,
          "validation",
          "If-Match must be an entity tag such as \"3\"",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("pointer", "/header/If-Match")
                      .put("message", "must be an entity tag such as \"3\"")));
    }
    return Integer.parseInt(m.group(1));
  }
}
