package dev.wrench.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes {@code application/problem+json} (RFC 9457): the one shape of every error. */
public final class Problems {

  private Problems() {}

  public static final String CONTENT_TYPE = "application/problem+json";

  /** The slug for a bare HTTP status. */
  public static String slugFor(int status) {
    return switch (status) {
      case 400 -> "validation";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 409 -> "conflict";
      case 412 -> "precondition-failed";
      case 413 -> "payload-too-large";
      case 414 -> "uri-too-long";
      case 431 -> "header-fields-too-large";
      case 415 -> "unsupported-media-type";
      case 422 -> "unprocessable";
      case 428 -> "precondition-required";
      case 429 -> "rate-limited";
      case 503 -> "service-unavailable";
      default -> status >= 500 ? "internal" : "validation";
    };
  }

  public static void send(
      RoutingContext ctx, int status, String slug, String detail, JsonArray errors) {
    send(ctx, status, slug, detail, errors, null);
  }

  /** As above, with the problem's extension {@code members} (none when null). */
  public static void send(
      RoutingContext ctx,
      int status,
      String slug,
      String detail,
      JsonArray errors,
      JsonObject members) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (status == 413) {
      // The rest of a body that is too large may still be on its way, and nothing reads it: the
      // connection ends with this answer, so that a client's next request never waits behind it.
      ctx.response().putHeader("Connection", "close");
    }
    if (status == 400 && OAuthErrors.PATHS.contains(ctx.request().path())) {
      // The OAuth endpoints answer their 400s in RFC 6749's shape (the contract says so; RFC 7009
      // for revocation), whichever layer refuses the request: a malformed query or form as much
      // as a wrong password.
      OAuthErrors.send(ctx, 400, "invalid_request", detail);
      return;
    }
    JsonObject problem = problem(status, slug, detail, ctx.request().path(), errors);
    if (members != null) {
      members.forEach(member -> problem.put(member.getKey(), member.getValue()));
    }
    problem.put("request_id", RequestContextHandler.requestId(ctx));
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"wrench\"");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(problem.encode());
  }

  /** A problem without its request id (which only a routed request has). */
  static JsonObject problem(
      int status, String slug, String detail, String instance, JsonArray errors) {
    JsonObject problem =
        new JsonObject()
            .put("type", "/problems/" + slug)
            .put("title", ProblemTypes.title(slug))
            .put("status", status)
            .put("detail", detail);
    if (instance != null) {
      problem.put("instance", instance);
    }
    if (errors != null && !errors.isEmpty()) {
      problem.put("errors", errors);
    }
    return problem;
  }

  public static void send(RoutingContext ctx, int status, String detail) {
    send(ctx, status, slugFor(status), detail, null);
  }

  public static JsonArray fieldError(String pointer, String message) {
    return new JsonArray().add(new JsonObject().put("pointer", pointer).put("message", message));
  }
}
