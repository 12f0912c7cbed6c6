package dev.wrench.http;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.cache.CacheClient;
import dev.wrench.cache.CacheKind;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.core.CreateRequest;
import dev.wrench.core.RequestFingerprint;
import dev.wrench.http.Calls.ById;
import dev.wrench.http.Calls.ByIdWithBody;
import dev.wrench.http.Calls.ChildPatch;
import dev.wrench.http.Calls.ChildQuery;
import dev.wrench.http.Calls.Create;
import dev.wrench.http.Calls.Delete;
import dev.wrench.http.Calls.Patch;
import dev.wrench.http.Calls.Query;
import dev.wrench.http.Calls.WithBody;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/**
 * The handlers of the resource operations, for every feature. Each reads its input only from the
 * validated request, makes one call of the feature's bus contract (a method reference such as
 * {@code sites::list}) and shapes the reply as HTTP (status, {@code Location}, {@code ETag},
 * conditional requests). Handlers hold no SQL and no rules.
 *
 * <p>Single work orders, assets and technicians are read cache-aside through the cache verticle;
 * their writes invalidate the entry after the commit and before the response, so that a client
 * never reads its own write stale.
 */
public final class ApiHandlers {

  private static final String JSON = "application/json";

  private final CacheClient cache;

  public ApiHandlers(CacheClient cache) {
    this.cache = cache;
  }

  /** For a feature's own write that changes a cached resource (a work order's costs). */
  public CacheClient cache() {
    return cache;
  }

  public Handler<RoutingContext> list(Query list) {
    return ctx -> failOn(ctx, list.apply(actor(ctx), query(ctx))).onSuccess(r -> json(ctx, 200, r));
  }

  public Handler<RoutingContext> get(ById get) {
    return ctx -> failOn(ctx, get.apply(actor(ctx), pathId(ctx))).onSuccess(r -> resource(ctx, r));
  }

  /**
   * A read of one resource, cache-aside: a hit is answered from the cache once {@code visible}
   * allows this caller the row (the cache holds rows, not answers: the row rules of the SQL are
   * applied again here); a miss reads the database and stores the row.
   *
   * @param what the resource's name in a 404
   */
  public Handler<RoutingContext> cachedGet(
      ById get, CacheKind kind, String what, BiPredicate<Actor, JsonObject> visible) {
    return ctx -> {
      Actor actor = BearerTokenHandler.actor(ctx);
      String id = pathId(ctx);
      if (actor.siteScoped()) {
        // The cache is shared by the organization; which sites this caller may see, only the
        // database's SQL knows.
        failOn(ctx, get.apply(actor, id)).onSuccess(reply -> resource(ctx, reply));
        return;
      }
      cache
          .lookup(kind, actor, id)
          .onSuccess(
              lookup -> {
                if (lookup.hit()) {
                  // Parsed for the row rules and the ETag; answered with the stored text as it is.
                  JsonObject row = new JsonObject(lookup.value());
                  if (visible.test(actor, row)) {
                    resource(ctx, row, lookup.value());
                  } else {
                    ctx.fail(BusError.notFound(what));
                  }
                  return;
                }
                get.apply(actor, id)
                    .onSuccess(
                        row -> {
                          Long version = row.getLong("version");
                          if (version == null || !lookup.storable()) {
                            cache.release(kind, actor, id, lookup);
                            resource(ctx, row);
                            return;
                          }
                          // Encoded once: for the cache and for the response.
                          String encoded = row.encode();
                          cache.store(kind, actor, id, encoded, version, lookup);
                          resource(ctx, row, encoded);
                        })
                    .onFailure(
                        e -> {
                          cache.release(kind, actor, id, lookup);
                          ctx.fail(e);
                        });
              });
    };
  }

  /** 200 with the resource and its ETag, or 304 when the caller's copy is current. */
  private static void resource(RoutingContext ctx, JsonObject resource) {
    resource(ctx, resource, null);
  }

  /** {@code encoded}: the resource's JSON text when the caller has it already, else null. */
  private static void resource(RoutingContext ctx, JsonObject resource, String encoded) {
    String etag = EntityTags.of(resource);
    if (etag != null) {
      ctx.response().putHeader("ETag", etag);
      String ifNoneMatch = ctx.request().getHeader("If-None-Match");
      if (ifNoneMatch != null && EntityTags.matchesAny(ifNoneMatch, etag)) {
        ctx.response().setStatusCode(304).end();
        return;
      }
    }
    if (encoded == null) {
      json(ctx, 200, resource);
    } else {
      ctx.response().setStatusCode(200).putHeader("Content-Type", JSON).end(encoded);
    }
  }

  /** {@code location}: the path of the created resource, from the request path and the resource. */
  public Handler<RoutingContext> create(Create create, Location location) {
    return create(create, location, UnaryOperator.identity());
  }

  public Handler<RoutingContext> create(
      Create create, Location location, UnaryOperator<Future<JsonObject>> prepare) {
    return ctx -> {
      JsonObject original = body(ctx);
      String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
      String parentId = ctx.pathParam("id");
      // Only with a key: without one there is nothing to compare it with.
      String fingerprint =
          idempotencyKey == null ? null : RequestFingerprint.ofCreate(original, parentId);
      prepare
          .apply(Future.succeededFuture(original))
          .compose(
              prepared ->
                  create.apply(
                      actor(ctx),
                      new CreateRequest(parentId, prepared, idempotencyKey, fingerprint)))
          .onSuccess(
              reply -> {
                JsonObject resource = reply.getJsonObject("resource");
                ctx.response().putHeader("Location", location.of(ctx, resource));
                String etag = EntityTags.of(resource);
                if (etag != null) {
                  ctx.response().putHeader("ETag", etag);
                }
                if (reply.getBoolean("replayed", false)) {
                  ctx.response().putHeader("Idempotent-Replayed", "true");
                }
                json(ctx, 201, resource);
              })
          .onFailure(
              e -> {
                if (!ctx.failed() && !ctx.response().ended()) {
                  ctx.fail(e);
                }
              });
    };
  }

  /**
   * A create of a credential: a random secret ({@code prefix} + 256 bits) is made here, only its
   * digest travels to the database, and the secret is shown once in {@code secretField} of the
   * answer. No Idempotency-Key: a replay would have to show a secret that is no longer known.
   */
  public Handler<RoutingContext> createWithSecret(
      WithBody create, String prefix, String secretField) {
    return ctx -> {
      String secret = dev.wrench.auth.Secrets.random(prefix);
      JsonObject body =
          body(ctx)
              .copy()
              .put("secret_hash", dev.wrench.auth.Secrets.digest(secret))
              // The start that people may see in lists to recognise it: 6 of 43 characters.
              .put("prefix", secret.substring(0, prefix.length() + 6));
      failOn(ctx, create.apply(actor(ctx), body))
          .onSuccess(
              reply -> {
                JsonObject resource = reply.copy().put(secretField, secret);
                ctx.response().putHeader("Location", Location.child().of(ctx, resource));
                json(ctx, 201, resource);
              });
    };
  }

  /** {@code kind}: the cache entry a change invalidates, or null for a resource never cached. */
  public Handler<RoutingContext> patch(Patch patch, CacheKind kind) {
    return ctx -> {
      Integer version;
      try {
        version = Preconditions.requiredIfMatch(ctx);
      } catch (BusError e) {
        ctx.fail(e);
        return;
      }
      String id = pathId(ctx);
      write(ctx, patch.apply(actor(ctx), id, version, body(ctx)), kind, id)
          .onSuccess(changed -> Preconditions.changed(ctx, changed));
    };
  }

  /**
   * A PATCH of one part of a resource (never cached), named by the path parameter {@code child}
   * beside the resource's {@code id}, with the part's own version in {@code If-Match}.
   */
  public Handler<RoutingContext> patchChild(String child, ChildPatch patch) {
    return ctx -> {
      Integer version;
      try {
        version = Preconditions.requiredIfMatch(ctx);
      } catch (BusError e) {
        ctx.fail(e);
        return;
      }
      String name = validated(ctx).getPathParameters().get(child).getString();
      failOn(ctx, patch.apply(actor(ctx), pathId(ctx), name, version, body(ctx)))
          .onSuccess(changed -> Preconditions.changed(ctx, changed));
    };
  }

  /**
   * Sends a change of one cached resource and, once it is committed, invalidates its entry before
   * the caller answers (the new version, or all versions for a delete). A write refused by the
   * database (4xx) changed nothing; a write whose outcome is unknown (no answer, 5xx) may have been
   * committed, so its entry is invalidated too.
   */
  private Future<JsonObject> write(
      RoutingContext ctx, Future<JsonObject> sent, CacheKind kind, String id) {
    Actor actor = BearerTokenHandler.actor(ctx);
    if (kind == null) {
      // Not a cached resource: nothing to invalidate.
      return sent.onFailure(ctx::fail);
    }
    return sent.compose(
            reply -> cache.invalidate(kind, actor, id, reply.getInteger("version")).map(reply),
            e -> {
              boolean refused =
                  e instanceof ReplyException reply
                      && reply.failureCode() >= 400
                      && reply.failureCode() < 500;
              Future<Void> invalidated =
                  refused ? Future.succeededFuture() : cache.invalidate(kind, actor, id, null);
              return invalidated.compose(v -> Future.<JsonObject>failedFuture(e));
            })
        .onFailure(ctx::fail);
  }

  public Handler<RoutingContext> delete(Delete delete, CacheKind kind) {
    return ctx -> {
      // A delete without If-Match is unconditional.
      String ifMatch = ctx.request().getHeader("If-Match");
      Integer version;
      try {
        version = ifMatch == null ? null : EntityTags.ifMatch(ifMatch);
      } catch (BusError e) {
        ctx.fail(e);
        return;
      }
      String id = pathId(ctx);
      write(ctx, delete.apply(actor(ctx), id, version), kind, id)
          .onSuccess(reply -> ctx.response().setStatusCode(204).end());
    };
  }

  /**
   * A create whose body is prepared first (a password hashed on a worker) and that takes no
   * Idempotency-Key: 201 with {@code Location}.
   */
  public Handler<RoutingContext> createPrepared(
      WithBody create, UnaryOperator<Future<JsonObject>> prepare) {
    return ctx ->
        prepare
            .apply(Future.succeededFuture(body(ctx)))
            .compose(prepared -> create.apply(actor(ctx), prepared))
            .onSuccess(
                reply -> {
                  ctx.response().putHeader("Location", Location.child().of(ctx, reply));
                  json(ctx, 201, reply);
                })
            .onFailure(
                e -> {
                  if (!ctx.failed() && !ctx.response().ended()) {
                    ctx.fail(e);
                  }
                });
  }

  /** A new secret for a credential: the old one stops working; the new one is shown once. */
  public Handler<RoutingContext> rotateSecret(
      ByIdWithBody rotate, String prefix, String secretField) {
    return ctx -> {
      String secret = dev.wrench.auth.Secrets.random(prefix);
      JsonObject body =
          new JsonObject()
              .put("secret_hash", dev.wrench.auth.Secrets.digest(secret))
              // The start that people may see in lists to recognise it: 6 of 43 characters.
              .put("prefix", secret.substring(0, prefix.length() + 6));
      failOn(ctx, rotate.apply(actor(ctx), pathId(ctx), body))
          .onSuccess(reply -> json(ctx, 200, reply.copy().put(secretField, secret)));
    };
  }

  /** A delete (revocation) of a resource that is not cached and has no version: 204. */
  public Handler<RoutingContext> remove(ById remove) {
    return ctx ->
        failOn(ctx, remove.apply(actor(ctx), pathId(ctx)))
            .onSuccess(reply -> ctx.response().setStatusCode(204).end());
  }

  /** An operation on the validated body alone, answered with {@code status} and the reply. */
  public Handler<RoutingContext> action(WithBody action, int status) {
    return ctx ->
        failOn(ctx, action.apply(actor(ctx), body(ctx)))
            .onSuccess(reply -> json(ctx, status, reply));
  }

  public Handler<RoutingContext> subList(ChildQuery list) {
    return ctx ->
        failOn(ctx, list.apply(actor(ctx), pathId(ctx), query(ctx)))
            .onSuccess(reply -> json(ctx, 200, reply));
  }

  /** Where a created resource lives. */
  public interface Location {
    String of(RoutingContext ctx, JsonObject resource);

    /** {@code <request path>/<id>}: for top-level collections. */
    static Location child() {
      return (ctx, resource) -> ctx.request().path() + "/" + resource.getString("id");
    }

    /** The collection it was posted to: for sub-resources without their own URL. */
    static Location collection() {
      return (ctx, resource) -> ctx.request().path();
    }
  }

  private static Future<JsonObject> failOn(RoutingContext ctx, Future<JsonObject> call) {
    return call.onFailure(ctx::fail);
  }

  public static Actor actor(RoutingContext ctx) {
    return BearerTokenHandler.actor(ctx);
  }

  /** The path's {@code id}, or null on a singleton resource's path (such as the settings'). */
  public static String pathId(RoutingContext ctx) {
    RequestParameter id = validated(ctx).getPathParameters().get("id");
    return id == null ? null : id.getString();
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  public static JsonObject body(RoutingContext ctx) {
    RequestParameter body = validated(ctx).getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }

  /** The validated query parameters that were sent, as JSON. */
  public static JsonObject query(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    for (Map.Entry<String, RequestParameter> entry : validated(ctx).getQuery().entrySet()) {
      RequestParameter value = entry.getValue();
      if (value != null && !value.isNull()) {
        query.put(entry.getKey(), value.get());
      }
    }
    return query;
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }
}
