package dev.wrench.fuzz;

import static dev.wrench.fuzz.FuzzValues.BAD_PATH_VALUES;
import static dev.wrench.fuzz.FuzzValues.BAD_TIMES;
import static dev.wrench.fuzz.FuzzValues.BAD_UUIDS;
import static dev.wrench.fuzz.FuzzValues.CONTENT_TYPES;
import static dev.wrench.fuzz.FuzzValues.EDGE_STRINGS;
import static dev.wrench.fuzz.FuzzValues.EXTRA_FIELD_NAMES;
import static dev.wrench.fuzz.FuzzValues.UNKNOWN_QUERIES;
import static dev.wrench.fuzz.FuzzValues.WRONG_TYPES;
import static dev.wrench.fuzz.FuzzValues.pick;
import static dev.wrench.fuzz.InvalidValues.badCursor;
import static dev.wrench.fuzz.InvalidValues.badQueryValue;
import static dev.wrench.fuzz.InvalidValues.encodeName;
import static dev.wrench.fuzz.InvalidValues.form;
import static dev.wrench.fuzz.InvalidValues.formatOf;
import static dev.wrench.fuzz.InvalidValues.nested;
import static dev.wrench.fuzz.InvalidValues.splice;
import static dev.wrench.fuzz.InvalidValues.tamperedRole;
import static dev.wrench.fuzz.InvalidValues.unsigned;

import dev.wrench.fuzz.ContractOperations.Operation;
import dev.wrench.fuzz.ContractOperations.Param;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A request being made from the contract's valid shape (its first request body example, existing
 * ids, a valid token), then broken in one part by a {@link RequestFuzzer.Mutation}.
 */
final class RequestDraft {
  private final RequestFuzzer.Fixture fixture;
  private final Operation operation;
  private final Map<String, String> pathValues = new LinkedHashMap<>();
  private final List<String> query = new ArrayList<>();
  private final List<String[]> headers = new ArrayList<>();
  private String contentType;
  private Object body;
  private byte[] rawBody;

  RequestDraft(RequestFuzzer.Fixture fixture, Operation operation) {
    this.fixture = fixture;
    this.operation = operation;
    for (Param param : operation.in("path")) {
      pathValues.put(param.name(), existingId(operation.template()));
    }
    if (!operation.isPublic()) {
      headers.add(new String[] {"Authorization", "Bearer " + fixture.adminToken()});
    }
    for (Param param : operation.in("header")) {
      if (param.name().equalsIgnoreCase("If-Match") && param.required()
          || param.name().equalsIgnoreCase("If-Match") && !operation.method().equals("DELETE")) {
        headers.add(new String[] {"If-Match", FuzzRequest.CURRENT_ETAG});
      }
    }
    if (operation.bodyType() != null) {
      contentType = operation.bodyType();
      body =
          operation.bodyExample() instanceof JsonObject example
              ? example.copy()
              : operation.bodyExample();
    }
    if (operation.method().equals("DELETE")) {
      // Deleting the fixture's rows would leave later requests nothing to reach.
      pathValues.replaceAll((name, value) -> UUID.randomUUID().toString());
    }
  }

  String apply(RequestFuzzer.Mutation mutation, Random random) {
    return switch (mutation) {
      case PATH_PARAM -> {
        String name = pick(random, new ArrayList<>(pathValues.keySet()));
        String value =
            random.nextInt(4) == 0 ? UUID.randomUUID().toString() : pick(random, BAD_PATH_VALUES);
        pathValues.put(name, value);
        yield name + "=" + value;
      }
      case QUERY_VALUE -> {
        Param param = pick(random, operation.in("query"));
        String value = badQueryValue(param, random);
        query.add(encodeName(param.name()) + "=" + value);
        yield param.name() + "=" + value;
      }
      case QUERY_CURSOR -> {
        String cursor = badCursor(operation, random);
        query.add("cursor=" + cursor);
        Param sort =
            operation.in("query").stream()
                .filter(p -> p.name().equals("sort"))
                .findFirst()
                .orElse(null);
        if (sort != null && random.nextBoolean()) {
          query.add("sort=" + pick(random, sort.schema().getJsonArray("enum").getList()));
        }
        yield "cursor=" + cursor;
      }
      case QUERY_UNKNOWN -> {
        String extra = pick(random, UNKNOWN_QUERIES);
        query.add(extra);
        yield extra;
      }
      case BODY_FIELD_TYPE -> {
        String field = someField(random);
        String value = pick(random, WRONG_TYPES);
        rawBody = replaceField(field, value);
        yield field + "=" + value;
      }
      case BODY_FIELD_STRING -> {
        String field = someField(random);
        String value = pick(random, EDGE_STRINGS);
        setField(field, value);
        yield field + "=" + JsonText.ascii(value);
      }
      case BODY_FIELD_FORMAT -> {
        String field = someField(random);
        String format = format(field);
        String value =
            "uuid".equals(format)
                ? pick(random, BAD_UUIDS)
                : "date-time".equals(format)
                    ? pick(random, BAD_TIMES)
                    : pick(random, random.nextBoolean() ? BAD_TIMES : BAD_UUIDS);
        setField(field, value);
        yield field + "=" + JsonText.ascii(value);
      }
      case BODY_MISSING_FIELD -> {
        if (body instanceof JsonObject object && !object.isEmpty() && random.nextInt(3) > 0) {
          String field = pick(random, new ArrayList<>(object.fieldNames()));
          object.remove(field);
          yield "without " + field;
        }
        body = new JsonObject();
        yield "empty object";
      }
      case BODY_EXTRA_FIELD -> {
        String name = pick(random, EXTRA_FIELD_NAMES);
        if (body instanceof JsonObject object) {
          object.put(name, random.nextBoolean() ? "x" : 1);
        } else {
          body = new JsonObject().put(name, 1);
        }
        yield "extra field " + JsonText.ascii(name.length() > 20 ? name.substring(0, 20) : name);
      }
      case BODY_STRUCTURE -> {
        String valid = bodyText();
        String[] shapes = {
          "",
          " ",
          "null",
          "[]",
          "\"x\"",
          "1",
          "true",
          "{",
          "}",
          "{\"title\":",
          "{}",
          valid + " trailing",
          valid + valid,
          valid + "\u0000",
          "\uFEFF" + valid,
          "/*c*/" + valid,
          "{'title':'x'}",
          "{\"title\":NaN}",
          "{\"title\":\"a\",\"title\":\"b\",\"name\":\"a\",\"name\":\"b\",\"body\":\"a\",\"body\":\"b\"}",
          "[".repeat(100_000),
          "{\"a\":".repeat(50_000),
          "[".repeat(2_000) + "]".repeat(2_000),
          nested(3_000),
          "{\"title\":\"" + "a".repeat(1_100_000) + "\"}",
          valid.replace("\"", "'"),
          "grant_type=password&username=a&password=b"
        };
        int index = random.nextInt(shapes.length);
        rawBody = shapes[index].getBytes(StandardCharsets.UTF_8);
        yield "shape #" + index;
      }
      case BODY_BYTES -> {
        byte[][] sequences = {
          {(byte) 0xC0, (byte) 0x80},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xFF, (byte) 0xFE},
          {(byte) 0x80},
          {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82},
          {0}
        };
        int index = random.nextInt(sequences.length);
        String field = someField(random);
        String marker = "MARKER-" + random.nextInt(1_000);
        setField(field, "a" + marker + "b");
        byte[] text = bodyText().getBytes(StandardCharsets.UTF_8);
        rawBody = splice(text, marker.getBytes(StandardCharsets.UTF_8), sequences[index]);
        yield field + " with byte sequence #" + index;
      }
      case CONTENT_TYPE -> {
        String type = pick(random, CONTENT_TYPES);
        contentType = type;
        yield "Content-Type " + type;
      }
      case AUTHORIZATION -> {
        String token = fixture.adminToken();
        String value =
            pick(
                random,
                java.util.Arrays.asList(
                    null,
                    "",
                    "Bearer",
                    "Bearer ",
                    "Bearer not-a-jwt",
                    "Bearer a.b.c",
                    "Bearer ...",
                    "Bearer " + token + "x",
                    "Bearer " + token.substring(0, token.length() - 4),
                    "Bearer " + tamperedRole(token),
                    "Bearer " + unsigned(token),
                    "Bearer " + token + " " + token,
                    "bearer " + token,
                    "BEARER " + token,
                    "Basic YWRtaW46cGFzc3dvcmQ=",
                    "ApiKey nope",
                    "ApiKey ",
                    "Bearer " + "a".repeat(8_000),
                    "Bearer é",
                    "Bearer " + fixture.technicianToken(),
                    "Bearer " + fixture.requesterToken(),
                    "Token " + token));
        headers.removeIf(h -> h[0].equals("Authorization"));
        if (value != null) {
          headers.add(new String[] {"Authorization", value});
        }
        yield "Authorization "
            + (value == null ? "absent" : value.substring(0, Math.min(40, value.length())));
      }
      case HEADER -> {
        String[][] choices = {
          {"If-Match", ""},
          {"If-Match", "*"},
          {"If-Match", "W/\"1\""},
          {"If-Match", "\"abc\""},
          {"If-Match", "1"},
          {"If-Match", "\"1"},
          {"If-Match", "\"" + "9".repeat(300) + "\""},
          {"If-Match", "\"99999999999999999999\""},
          {"If-Match", "\"-1\""},
          {"If-None-Match", "\"0\", W/\"x\", garbage"},
          {"If-None-Match", "é"},
          {"Idempotency-Key", ""},
          {"Idempotency-Key", " "},
          {"Idempotency-Key", "é"},
          {"Idempotency-Key", "k".repeat(300)},
          {"X-Request-Id", "<script>"},
          {"X-Request-Id", "r".repeat(5_000)},
          {"Accept", "text/html"},
          {"Accept", "application/xml"},
          {"Accept", "*/*;q=0"},
          {"Accept", "garbage"},
          {"Accept", "application/json;q=0, text/plain"},
          {"Accept-Charset", "utf-7"},
          {"Content-Encoding", "gzip"},
          {"Expect", "100-continue"},
          {"X-Forwarded-For", "not-an-ip"},
          {"Cookie", "a=%zz"},
          {"Range", "bytes=0-0"}
        };
        String[] header = choices[random.nextInt(choices.length)];
        headers.removeIf(h -> h[0].equalsIgnoreCase(header[0]));
        headers.add(header);
        yield header[0] + ": " + header[1].substring(0, Math.min(40, header[1].length()));
      }
    };
  }

  FuzzRequest build(String description) {
    String path = operation.template();
    for (Map.Entry<String, String> value : pathValues.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    String target = query.isEmpty() ? path : path + "?" + String.join("&", query);
    List<String[]> allHeaders = new ArrayList<>(headers);
    byte[] bytes = null;
    if (rawBody != null) {
      bytes = rawBody;
    } else if (body != null) {
      bytes = bodyText().getBytes(StandardCharsets.UTF_8);
    }
    if (bytes != null && contentType != null) {
      allHeaders.add(new String[] {"Content-Type", contentType});
    }
    return new FuzzRequest(
        operation.id(), operation.method(), target, List.copyOf(allHeaders), bytes, description);
  }

  private String bodyText() {
    if (operation.bodyType() != null && operation.bodyType().contains("form-urlencoded")) {
      return form(body);
    }
    // Escaped to ASCII, so that lone surrogates travel as the JSON escapes a client could send.
    return JsonText.ascii(body);
  }

  private String someField(Random random) {
    List<String> names = new ArrayList<>();
    if (operation.bodySchema() != null
        && operation.bodySchema().getJsonObject("properties") != null) {
      names.addAll(operation.bodySchema().getJsonObject("properties").fieldNames());
    }
    if (names.isEmpty()) {
      names.add("value");
    }
    return pick(random, names);
  }

  private String format(String field) {
    JsonObject properties =
        operation.bodySchema() == null ? null : operation.bodySchema().getJsonObject("properties");
    JsonObject schema = properties == null ? null : properties.getJsonObject(field);
    return schema == null ? null : formatOf(schema);
  }

  private void setField(String field, Object value) {
    if (body instanceof JsonObject object) {
      object.put(field, value);
    } else {
      body = new JsonObject().put(field, value);
    }
  }

  /** The body with {@code field} set to the JSON text {@code value} (any type). */
  private byte[] replaceField(String field, String value) {
    String marker = "\"REPLACE-" + UUID.randomUUID() + "\"";
    setField(field, marker.substring(1, marker.length() - 1));
    return JsonText.ascii(body).replace(marker, value).getBytes(StandardCharsets.UTF_8);
  }

  /** A path that names an existing row of the collection (or a random id for one without). */
  private String existingId(String template) {
    String[] segments = template.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      if (segments[i + 1].startsWith("{")) {
        String id = fixture.idsByCollection().get(segments[i]);
        return id == null ? UUID.randomUUID().toString() : id;
      }
    }
    return UUID.randomUUID().toString();
  }
}
