package dev.wrench.core;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * SHA-256 of a JSON value with object keys sorted, so that key order does not make a request
 * "different".
 */
public final class RequestFingerprint {

  private RequestFingerprint() {}

  public static String of(Object json) {
    StringBuilder canonical = new StringBuilder();
    appendCanonical(json, canonical);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /**
   * What tells a replay of an idempotent create from another request under the same key: taken of
   * the request as the client sent it ({@code body} and the parent's id), before any preparation (a
   * password hash is salted). A password never enters it: an unsalted digest of one would be
   * stored.
   */
  public static String ofCreate(JsonObject body, String parentId) {
    JsonObject fingerprinted = body.copy();
    if (fingerprinted.containsKey("password")) {
      fingerprinted.put("password", "(not fingerprinted)");
    }
    return of(new JsonObject().put("body", fingerprinted).put("id", parentId));
  }

  private static void appendCanonical(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      out.append('{');
      for (String field : new TreeSet<>(object.fieldNames())) {
        out.append(Json.encode(field)).append(':');
        appendCanonical(object.getValue(field), out);
        out.append(',');
      }
      out.append('}');
    } else if (value instanceof JsonArray array) {
      out.append('[');
      for (Object item : array) {
        appendCanonical(item, out);
        out.append(',');
      }
      out.append(']');
    } else {
      out.append(Json.encode(value));
    }
  }
}
