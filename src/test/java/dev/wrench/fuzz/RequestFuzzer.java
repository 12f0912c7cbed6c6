package dev.wrench.fuzz;

import dev.wrench.fuzz.ContractOperations.Operation;
import dev.wrench.fuzz.ContractOperations.Param;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Makes malformed and boundary requests for an operation of the contract: starting from a request
 * the contract would accept (its first request body example, existing ids, a valid token), it
 * breaks one part of it: a path or query parameter, the body (a field's type, a string full of
 * unicode edge cases, a bad format, a missing or extra field, the whole structure, the bytes), the
 * content type, the credentials or another header. Requests that target no operation (unknown
 * methods and paths, oversized request lines and headers) come from {@link #wild(Random)}.
 */
final class RequestFuzzer {

  /** The tokens and rows a request may name. */
  record Fixture(
      String adminToken,
      String technicianToken,
      String requesterToken,
      Map<String, String> idsByCollection) {}

  enum Mutation {
    PATH_PARAM,
    QUERY_VALUE,
    QUERY_CURSOR,
    QUERY_UNKNOWN,
    BODY_FIELD_TYPE,
    BODY_FIELD_STRING,
    BODY_FIELD_FORMAT,
    BODY_MISSING_FIELD,
    BODY_EXTRA_FIELD,
    BODY_STRUCTURE,
    BODY_BYTES,
    CONTENT_TYPE,
    AUTHORIZATION,
    HEADER
  }

  static final List<String> EDGE_STRINGS =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u0000".repeat(50),
          "\uD800",
          "x\uDC00",
          "é\uD800",
          "\uDBFF\uDFFF",
          "\uDFFF\uD800",
          "\u202Eevil\u202C",
          "\u200B\u200D\u2060",
          "\uFEFF",
          "\uFFFE\uFFFF",
          "👩‍🔧",
          "עברית",
          "𝕏𝔸",
          "%zz",
          "%00",
          "' OR '1'='1",
          "<script>alert(1)</script>",
          "\\",
          "\"",
          "\n\r\t\b\f",
          "\u007F\u0080\u009F",
          "a".repeat(10_001),
          "😀".repeat(5_000),
          "é".repeat(300));

  static final List<String> WRONG_TYPES =
      List.of(
          "123",
          "-1",
          "0",
          "1.5",
          "-0",
          "1e309",
          "99999999999999999999999999",
          "true",
          "false",
          "null",
          "[]",
          "{}",
          "[\"x\"]",
          "{\"a\":1}",
          "[null]");

  static final List<String> BAD_UUIDS =
      List.of(
          "",
          "not-a-uuid",
          "00000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff",
          "{00000000-0000-0000-0000-000000000001}",
          "g0000000-0000-0000-0000-000000000000",
          "12345678-1234-1234-1234-1234567890123",
          "12345678123412341234123456789012",
          "1-1-1-1-1",
          "\u0000",
          "00000000-0000-0000-0000-00000000000\u0000");

  static final List<String> BAD_TIMES =
      List.of(
          "",
          "2026-13-01T00:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-12-01T17:00:00",
          "2026-12-01",
          "2026-12-01T24:00:00Z",
          "2026-12-01T17:00:60Z",
          "2026-12-01T17:00:00+25:00",
          "2026-12-01t17:00:00z",
          "2026-12-01T17:00:00.123456789Z",
          "0000-01-01T00:00:00Z",
          "0000-01-01T00:00:00+14:00",
          "0001-01-01T00:00:00+14:00",
          "9999-12-31T23:59:59Z",
          "9999-12-31T23:59:59-14:00",
          "9998-12-31T23:59:59-14:00",
          "+10000-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "2026-12-01T17:00:00\u0000Z");

  /** Query values that break percent-decoding, UTF-8, numbers or patterns. */
  static final List<String> BAD_QUERY_VALUES =
      List.of(
          "",
          "%zz",
          "%",
          "%0",
          "%00",
          "a%00b",
          "%C0%80",
          "%ED%A0%80",
          "%FF",
          "%E2%80%AE",
          "%F0%9F%98%80",
          "+",
          "%2B",
          "a,,b",
          ",",
          "-1",
          "0",
          "101",
          "1e3",
          "0x10",
          "abc",
          "99999999999999999999",
          "a".repeat(5_000),
          "%25zz");

  static final List<String> BAD_PATH_VALUES =
      List.of(
          "not-a-uuid",
          "%zz",
          "%",
          "%0",
          "%00",
          "%C0%80",
          "%FF",
          "%ED%A0%80",
          "..",
          "%2e%2e",
          "%2F",
          "a%2Fb",
          "00000000-0000-0000-0000-000000000000",
          "%20",
          "%F0%9F%98%80",
          "x".repeat(3_000),
          "%7B%7D",
          ";a=b",
          "%3B");

  private final Fixture fixture;

  RequestFuzzer(Fixture fixture) {
    this.fixture = fixture;
  }

  /** A malformed or boundary request for {@code operation}. */
  FuzzRequest generate(Operation operation, Random random) {
    List<Mutation> applicable = new ArrayList<>();
    for (Mutation mutation : Mutation.values()) {
      if (applies(mutation, operation)) {
        applicable.add(mutation);
      }
    }
    Mutation mutation = applicable.get(random.nextInt(applicable.size()));
    Draft draft = new Draft(operation);
    String description = draft.apply(mutation, random);
    return draft.build(mutation + " " + description);
  }

  private static boolean applies(Mutation mutation, Operation operation) {
    boolean body = operation.bodyType() != null;
    boolean jsonBody = body && operation.bodyType().endsWith("json");
    return switch (mutation) {
      case PATH_PARAM -> !operation.in("path").isEmpty();
      case QUERY_VALUE -> !operation.in("query").isEmpty();
      case QUERY_CURSOR -> operation.in("query").stream().anyMatch(p -> p.name().equals("cursor"));
      case BODY_FIELD_TYPE, BODY_FIELD_FORMAT -> jsonBody;
      case BODY_FIELD_STRING, BODY_MISSING_FIELD, BODY_EXTRA_FIELD, BODY_STRUCTURE, BODY_BYTES ->
          body;
      case CONTENT_TYPE -> body;
      // A delete with a valid id and token succeeds: its credentials are what is broken instead.
      case HEADER -> !operation.method().equals("DELETE");
      default -> true;
    };
  }

  /** A request being made from the contract's valid shape. */
  private final class Draft {
    private final Operation operation;
    private final Map<String, String> pathValues = new LinkedHashMap<>();
    private final List<String> query = new ArrayList<>();
    private final List<String[]> headers = new ArrayList<>();
    private String contentType;
    private Object body;
    private byte[] rawBody;

    Draft(Operation operation) {
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

    String apply(Mutation mutation, Random random) {
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
          String cursor = badCursor(random);
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
          String extra =
              pick(
                  random,
                  List.of(
                      "foo=1",
                      "%zz=1",
                      "q=%zz",
                      "=1",
                      "&&&",
                      "a%00b=1",
                      "limit=1&limit=2",
                      "cursor%5B%5D=x",
                      "%C0%80=1",
                      "x=" + "y".repeat(4_000),
                      "sort=nope",
                      "a=%",
                      "%=%",
                      "q=%E0%A4%A"));
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
          String name =
              pick(
                  random,
                  List.of(
                      "unknown",
                      "\u0000",
                      "",
                      "a\u0000b",
                      "\uD800",
                      "__proto__",
                      "id",
                      "version",
                      "org_id",
                      "created_at",
                      "deleted_at",
                      "n".repeat(5_000),
                      "%zz"));
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
          String type =
              pick(
                  random,
                  java.util.Arrays.asList(
                      null,
                      "",
                      "text/plain",
                      "application/json; charset=iso-8859-1",
                      "application/json;;;",
                      "application/x-www-form-urlencoded",
                      "multipart/form-data",
                      "multipart/form-data; boundary=x",
                      "application/problem+json",
                      "application/xml",
                      "*/*",
                      "application/jsonx",
                      "application/json; charset=utf-16",
                      "application/merge-patch+json",
                      "é/é"));
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
          operation.bodySchema() == null
              ? null
              : operation.bodySchema().getJsonObject("properties");
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

    private String badQueryValue(Param param, Random random) {
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

    private String badCursor(Random random) {
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
      Object[] ids = {
        "\u0000", "not-a-uuid", UUID.randomUUID().toString(), "9223372036854775808", 1
      };
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

  /** Requests that match no operation, or that break HTTP itself. */
  FuzzRequest wild(Random random, List<Operation> operations) {
    Operation some = pick(random, operations);
    String path = some.template().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    String auth = "Bearer " + fixture.adminToken();
    List<String[]> withAuth = List.<String[]>of(new String[] {"Authorization", auth});
    int kind = random.nextInt(14);
    return switch (kind) {
      case 0 ->
          new FuzzRequest(
              "-",
              pick(
                  random, List.of("PUT", "OPTIONS", "TRACE", "PROPFIND", "FOO", "PATCH", "DELETE")),
              path,
              withAuth,
              null,
              "method");
      case 1 ->
          new FuzzRequest(
              "-",
              "GET",
              pick(
                  random,
                  List.of(
                      "/api/v1/nope",
                      "/api/v2/work-orders",
                      "/api/v1/work-orders/x/y/z",
                      "//api/v1/assets",
                      "/api/v1/../api/v1/assets",
                      "/api/v1/work-orders/",
                      "/%zz",
                      "/api/v1/%",
                      "/api/v1/work-orders/%GG",
                      "/api/v1/assets%00",
                      "/api/v1/assets/%C0%AE%C0%AE",
                      "/\u00e9",
                      "/api/v1/assets;x=1",
                      "/.well-known/%zz",
                      "/docs/%zz",
                      "/docs/../../etc/passwd")),
              withAuth,
              null,
              "path");
      case 2 ->
          new FuzzRequest(
              "-", "GET", path + "?" + "q=" + "a".repeat(9_000), withAuth, null, "long line");
      case 3 ->
          new FuzzRequest(
              "-",
              "GET",
              path,
              List.<String[]>of(
                  new String[] {"Authorization", auth}, new String[] {"X-Big", "b".repeat(20_000)}),
              null,
              "big header");
      case 4 -> {
        List<String[]> many = new ArrayList<>(withAuth);
        for (int i = 0; i < 1_000; i++) {
          many.add(new String[] {"X-H" + i, "v"});
        }
        yield new FuzzRequest("-", "GET", path, many, null, "many headers");
      }
      case 5 -> new FuzzRequest("-", "GET", "*", withAuth, null, "asterisk target");
      case 6 ->
          new FuzzRequest("-", "GET", "http://127.0.0.1" + path, withAuth, null, "absolute form");
      case 7 -> new FuzzRequest("-", "GET", path + " extra", withAuth, null, "space in target");
      case 8 ->
          new FuzzRequest(
              "-",
              "GET",
              path,
              List.<String[]>of(
                  new String[] {"Authorization", auth}, new String[] {"Bad Header", "x"}),
              null,
              "header name with a space");
      case 9 ->
          new FuzzRequest(
              "-",
              "GET",
              path,
              List.<String[]>of(
                  new String[] {"Authorization", "Bearer \u0000" + fixture.adminToken()}),
              null,
              "NUL in a header");
      case 10 ->
          new FuzzRequest(
              "-",
              some.method(),
              path + "?%zz",
              withAuth,
              some.bodyType() == null ? null : new byte[0],
              "escape without a value");
      case 11 ->
          new FuzzRequest(
              "-",
              "POST",
              "/oauth/token",
              List.<String[]>of(new String[] {"Content-Type", "application/x-www-form-urlencoded"}),
              pick(
                      random,
                      List.of(
                          "grant_type=password&username=%zz&password=x",
                          "grant_type=password&username=%&password=x",
                          "grant_type=%zz",
                          "%zz",
                          "grant_type=password&username=a%00b&password=x",
                          "grant_type=password&username=%C0%80&password=x",
                          "grant_type=password&username=%ED%A0%80&password=x",
                          "grant_type=password&grant_type=password&username=a&password=b",
                          "grant_type=client_credentials&client_id=x&client_secret=y",
                          "grant_type=refresh_token&refresh_token=x",
                          "grant_type=",
                          "=&=&=",
                          "grant_type=password&username=" + "u".repeat(400) + "&password=x"))
                  .getBytes(StandardCharsets.UTF_8),
              "token form");
      case 12 ->
          new FuzzRequest(
              "-",
              "POST",
              "/oauth/token?" + pick(random, List.of("foo=1", "%zz", "grant_type=password", "a=%")),
              List.<String[]>of(new String[] {"Content-Type", "application/x-www-form-urlencoded"}),
              "grant_type=password&username=a&password=b".getBytes(StandardCharsets.UTF_8),
              "token query");
      default -> new FuzzRequest("-", "HEAD", path, withAuth, null, "head");
    };
  }

  private static String formatOf(JsonObject schema) {
    if (schema.getString("format") != null) {
      return schema.getString("format");
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      return items.getString("format");
    }
    return null;
  }

  private static String form(Object body) {
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

  private static String encodeName(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  /** Percent-encodes as a client library would (lone surrogates become '?', as Java encodes). */
  private static String encodeValue(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static byte[] splice(byte[] text, byte[] marker, byte[] replacement) {
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
  private static String tamperedRole(String token) {
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
  private static String unsigned(String token) {
    String[] parts = token.split("\\.");
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + parts[1] + ".";
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
