package dev.wrench.http;

import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The shapes of bus calls that {@link ApiHandlers} makes for a request: each a method reference of
 * a feature's contract, such as {@code sites::list}.
 */
public final class Calls {

  private Calls() {}

  /** {@code (actor, query)} → a page. */
  public interface Query {
    Future<JsonObject> apply(Actor actor, JsonObject query);
  }

  /** {@code (actor, id)} → the resource (or {@code {}}). */
  public interface ById {
    Future<JsonObject> apply(Actor actor, String id);
  }

  /** {@code (actor, id, query)} → a page of a sub-resource. */
  public interface ChildQuery {
    Future<JsonObject> apply(Actor actor, String id, JsonObject query);
  }

  /** A create → {@code {resource, replayed}}. */
  public interface Create {
    Future<JsonObject> apply(Actor actor, CreateRequest request);
  }

  /** {@code (actor, body)} → the answer. */
  public interface WithBody {
    Future<JsonObject> apply(Actor actor, JsonObject body);
  }

  /** {@code (actor, id, body)} → the answer. */
  public interface ByIdWithBody {
    Future<JsonObject> apply(Actor actor, String id, JsonObject body);
  }

  /** {@code (actor, id, if_match, body)} → the changed resource. */
  public interface Patch {
    Future<JsonObject> apply(Actor actor, String id, Integer ifMatch, JsonObject body);
  }

  /** {@code (actor, id, child, if_match, body)} → the changed part of resource {@code id}. */
  public interface ChildPatch {
    Future<JsonObject> apply(
        Actor actor, String id, String child, Integer ifMatch, JsonObject body);
  }

  /** {@code (actor, id, if_match)} → {@code {}}. */
  public interface Delete {
    Future<JsonObject> apply(Actor actor, String id, Integer ifMatch);
  }
}
