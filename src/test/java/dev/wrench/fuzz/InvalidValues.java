package dev.wrench.fuzz;

import static dev.wrench.fuzz.FuzzValues.BAD_QUERY_VALUES;
import static dev.wrench.fuzz.FuzzValues.BAD_TIMES;
import static dev.wrench.fuzz.FuzzValues.BAD_UUIDS;
import static dev.wrench.fuzz.FuzzValues.EDGE_STRINGS;
import static dev.wrench.fuzz.FuzzValues.pick;

import dev.wrench.fuzz.ContractOperations.Operation;
import dev.wrench.fuzz.ContractOperations.Param;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Invalid values made for one request: bad query values and cursors, tampered and unsigned tokens,
 * deep nesting and spliced bytes; and the encodings the fuzzer uses to put values into a request.
 */
final class InvalidValues {

  private InvalidValues() {}

  /** A query value the parameter refuses: a bad id or time, an edge string, or bad encoding. */
  static String badQueryValue(Param param, Random random) {
    String format = formatOf(param.schema());
    if ("uuid".equals(format) || param.name().endsWith("_id")) {
      if (random.nextBoolean()) {
        return encodeValue(pick(random, BAD_UUIDS));
      }
    }
    if ("date-time".equals(format) && random.nextBoolean()) {
      return encodeValue(pick(random, BAD_TIMES));
    }
    if (random.nextInt(4) == 0) {
      return encodeValue(pick(random, EDGE_STRINGS));
    }
    return pick(random, BAD_QUERY_VALUES);
  }

  /** A cursor for a list operation that decodes to garbage or to a tampered sort key. */
  static String badCursor(Operation operation, Random random) {
    List<Object> sorts = new ArrayList<>();
    operation.in("query").stream()
        .filter(p -> p.name().equals("sort"))
        .findFirst()
        .ifPresent(p -> sorts.addAll(p.schema().getJsonArray("enum").getList()));
    if (sorts.isEmpty()) {
      sorts.add("created_at");
    }
    Object sort = sorts.get(random.nextInt(sorts.size()));
    Object def =
        operation.in("query").stream()
            .filter(p -> p.name().equals("sort"))
            .map(p -> p.schema().getValue("default"))
            .findFirst()
            .orElse(sort);
    Object[] values = {
      "\u0000",
      "x\u0000",
      "\uD800",
      1e308,
      -1,
      Long.MAX_VALUE,
      null,
      new JsonObject(),
      new JsonArray(),
      "infinity",
      "-infinity",
      "9999-12-31T23:59:59Z",
      "0000-01-01T00:00:00+14:00",
      "not a time",
      "WO-\u0000",
      "a".repeat(500)
    };
    Object[] ids = {"\u0000", "not-a-uuid", UUID.randomUUID().toString(), "9223372036854775808", 1};
    int kind = random.nextInt(5);
    String json;
    if (kind == 0) {
      byte[] garbage = new byte[1 + random.nextInt(60)];
      random.nextBytes(garbage);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(garbage);
    } else if (kind == 1) {
      return pick(random, List.of("!!!", "%00", "a", "=", "%zz", "a".repeat(1_001), "AAAA"));
    } else {
      JsonArray parts =
          new JsonArray()
              .add(random.nextBoolean() ? def : sort)
              .add(values[random.nextInt(values.length)])
              .add(ids[random.nextInt(ids.length)]);
      if (random.nextInt(6) == 0) {
        parts.add("extra");
      }
      json = JsonText.ascii(parts);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String formatOf(JsonObject schema) {
    if (schema.getString("format") != null) {
      return schema.getString("format");
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      return items.getString("format");
    }
    return null;
  }

  static String form(Object body) {
    if (!(body instanceof JsonObject object)) {
      return String.valueOf(body);
    }
    List<String> pairs = new ArrayList<>();
    object.forEach(
        e ->
            pairs.add(
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  static String encodeName(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  /** Percent-encodes as a client library would (lone surrogates become '?', as Java encodes). */
  static String encodeValue(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  static byte[] splice(byte[] text, byte[] marker, byte[] replacement) {
    for (int i = 0; i <= text.length - marker.length; i++) {
      boolean match = true;
      for (int j = 0; j < marker.length && match; j++) {
        match = text[i + j] == marker[j];
      }
      if (match) {
        byte[] out = new byte[text.length - marker.length + replacement.length];
        System.arraycopy(text, 0, out, 0, i);
        System.arraycopy(replacement, 0, out, i, replacement.length);
        System.arraycopy(
            text, i + marker.length, out, i + replacement.length, text.length - i - marker.length);
        return out;
      }
    }
    return text;
  }

  /** A token whose payload claims another role, with the original signature. */
  static String tamperedRole(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    JsonObject claims =
        new JsonObject(payload).put("role", "admin").put("org", UUID.randomUUID().toString());
    return parts[0]
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  /** The token re-headed with {@code alg: none} and no signature. */
  static String unsigned(String token) {
    String[] parts = token.split("\\.");
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + parts[1] + ".";
  }
}
