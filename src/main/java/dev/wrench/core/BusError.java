package dev.wrench.core;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure that is the caller's to see: an HTTP status, a problem type slug and a detail,
 * optionally with field errors. Thrown in business code, sent over the bus as {@code
 * message.fail(status, json)} and turned into problem+json by the HTTP error mapper.
 */
public final class BusError extends RuntimeException {

  private final int status;
  private final String slug;
  private final JsonArray errors;
  // Extension members of the problem (RFC 9457 §3.2), e.g. a refused move's allowed_transitions.
  private final JsonObject members;

  public BusError(int status, String slug, String detail) {
    this(status, slug, detail, new JsonArray());
  }

  public BusError(int status, String slug, String detail, JsonArray errors) {
    this(status, slug, detail, errors, new JsonObject());
  }

  public BusError(int status, String slug, String detail, JsonArray errors, JsonObject members) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.errors = errors.copy();
    this.members = members.copy();
  }

  public static BusError badRequest(String pointer, String message) {
    return new BusError(
        400,
        "validation",
        message,
        new JsonArray().add(new JsonObject().put("pointer", pointer).put("message", message)));
  }

  public static BusError notFound(String what) {
    return new BusError(404, "not-found", what + " not found");
  }

  public static BusError forbidden(String detail) {
    return new BusError(403, "forbidden", detail);
  }

  public static BusError unprocessable(String pointer, String message) {
    return new BusError(
        422,
        "unprocessable",
        message,
        new JsonArray().add(new JsonObject().put("pointer", pointer).put("message", message)));
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String detail() {
    return getMessage();
  }

  public JsonArray errors() {
    return errors.copy();
  }

  /** The problem's extension members beside type, title, status, detail and errors. */
  public JsonObject members() {
    return members.copy();
  }

  /** The failure message carried by {@link ReplyException#getMessage()}. */
  public String toWire() {
    return new JsonObject()
        .put("slug", slug)
        .put("detail", getMessage())
        .put("errors", errors)
        .put("members", members)
        .encode();
  }

  /** Reads a failure sent with {@link #toWire()}; anything else is an internal error. */
  public static BusError fromReply(ReplyException e) {
    String message = e.getMessage();
    if (e.failureCode() >= 400
        && e.failureCode() < 600
        && message != null
        && message.startsWith("{")) {
      try {
        JsonObject json = new JsonObject(message);
        return new BusError(
            e.failureCode(),
            json.getString("slug", "internal"),
            json.getString("detail", ""),
            json.getJsonArray("errors", new JsonArray()),
            json.getJsonObject("members", new JsonObject()));
      } catch (RuntimeException notJson) {
        // fall through: not one of ours
      }
    }
    return null;
  }
}
