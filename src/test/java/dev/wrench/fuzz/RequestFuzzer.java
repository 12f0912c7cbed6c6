package dev.wrench.fuzz;

import static dev.wrench.fuzz.FuzzValues.pick;

import dev.wrench.fuzz.ContractOperations.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Its collaborators: {@link RequestDraft} builds and breaks the request, {@link FuzzValues}
 * holds the fixed values drawn from, {@link InvalidValues} makes the values built per request.
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
    RequestDraft draft = new RequestDraft(fixture, operation);
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
}
