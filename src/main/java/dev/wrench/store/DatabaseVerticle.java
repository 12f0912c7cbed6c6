package dev.wrench.store;

import dev.wrench.asset.AssetRepository;
import dev.wrench.attachment.AttachmentRepository;
import dev.wrench.audit.AuditRepository;
import dev.wrench.bus.Addresses;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.core.RequestFingerprint;
import dev.wrench.events.WorkOrderEvents;
import dev.wrench.identity.ApiKeyRepository;
import dev.wrench.identity.LoginFailureRepository;
import dev.wrench.identity.OAuthRepository;
import dev.wrench.identity.OrganizationRepository;
import dev.wrench.identity.UserRepository;
import dev.wrench.metrics.Metrics;
import dev.wrench.notification.NotificationRepository;
import dev.wrench.site.SiteRepository;
import dev.wrench.team.TeamRepository;
import dev.wrench.technician.TechnicianRepository;
import dev.wrench.workorder.WorkOrderMeters;
import dev.wrench.workorder.WorkOrderRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the PostgreSQL pool and, through its repositories, all the SQL. Serves the {@code
 * wrench.db.*} addresses of {@link Addresses}; deployed once per event loop, each instance with a
 * pool of its own. A pool shared by the instances hands a connection opened on one event loop to a
 * verticle on another, and every result then crosses threads; an instance's own pool keeps the
 * socket, the decoding and the reply on one event loop (the performance notes measured 18.5k
 * against 24–26k reads a second for the two shapes).
 *
 * <p>Config: {@code {connect: {host, port, database, user, password}, pool_size, pool_name}}:
 * {@code pool_size} connections for this instance, its pool named {@code pool_name} in the metrics.
 */
public final class DatabaseVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseVerticle.class);
  private static final long BACKLOG_REFRESH_MS = 30_000;
  static final String POOL_NAME = "wrench-pg";

  /**
   * The addresses whose writes append work order events to the outbox (in their own transaction,
   * {@link WorkOrderEvents}): once one of them has committed, {@link #on} nudges the relay. A new
   * writer of events belongs here; one left out is still published, at the relay's next poll. A
   * write that turned out to append nothing (a patch that changes nothing, no work order overdue)
   * costs the relay one empty claim.
   */
  private static final Set<String> APPENDS_EVENTS =
      Set.of(
          Addresses.WORK_ORDERS_CREATE,
          Addresses.WORK_ORDERS_PATCH,
          Addresses.WORK_ORDERS_DELETE,
          Addresses.WORK_ORDER_COMMENTS_CREATE,
          Addresses.ATTACHMENTS_COMPLETE,
          Addresses.EVENTS_DETECT_OVERDUE,
          Addresses.EVENTS_REPLAY);

  private static final DeliveryOptions NUDGE = new DeliveryOptions().setLocalOnly(true);

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private Pool pool;
  private WorkOrderEvents events;
  private long expiryTimer = -1;
  private long backlogTimer = -1;
  private WorkOrderMeters meters;

  @Override
  public Future<?> start() {
    JsonObject connect = config().getJsonObject("connect");
    DatabaseSettings settings =
        new DatabaseSettings(
            connect.getString("host"),
            connect.getInteger("port"),
            connect.getString("database"),
            connect.getString("user"),
            connect.getString("password"),
            false);
    boolean rowSecurity = config().getBoolean("row_security", true);
    if (!rowSecurity) {
      LOG.warn(
          "Row-level security is switched off (database.row_security=false): the service relies on"
              + " its own WHERE org_id alone. Use this only to measure the wall's cost.");
    }
    pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(config().getInteger("pool_size", 8))
                    .setName(config().getString("pool_name", POOL_NAME)))
            .connectingTo(RowSecurity.connectOptions(settings, rowSecurity))
            .using(vertx)
            .build();

    RowSecurity db = new RowSecurity(pool, rowSecurity);
    WorkOrderRepository workOrders = new WorkOrderRepository(db);
    meters = new WorkOrderMeters(Metrics.registry(config()));
    AssetRepository assets = new AssetRepository(db);
    TechnicianRepository technicians = new TechnicianRepository(db);
    UserRepository users = new UserRepository(db);
    IdempotencyStore idempotency = new IdempotencyStore(db);
    OAuthRepository oauth = new OAuthRepository(db);
    ApiKeyRepository apiKeys = new ApiKeyRepository(db);
    LoginFailureRepository loginFailures = new LoginFailureRepository(db);
    AuditRepository audit = new AuditRepository(db);
    OrganizationRepository organizations = new OrganizationRepository(db);
    events = new WorkOrderEvents(db);
    AttachmentRepository attachments = new AttachmentRepository(db);
    NotificationRepository notifications = new NotificationRepository(db);

    on(Addresses.DB_PING, body -> pool.query("SELECT 1").execute().map(rows -> new JsonObject()));

    on(Addresses.WORK_ORDERS_LIST, actorAnd((actor, body) -> workOrders.list(actor, query(body))));
    on(Addresses.WORK_ORDERS_GET, actorAnd((actor, body) -> workOrders.get(actor, id(body))));
    on(
        Addresses.WORK_ORDERS_CREATE,
        creates(
                Addresses.WORK_ORDERS_CREATE,
                idempotency,
                (client, actor, body) ->
                    workOrders.create(client, actor, body.getJsonObject("body")),
                (actor, body) -> workOrders.create(actor, body.getJsonObject("body")))
            .andThen(
                reply ->
                    reply.onSuccess(
                        created -> {
                          if (!created.getBoolean("replayed", false)) {
                            meters.created(created.getJsonObject("resource").getString("priority"));
                          }
                        })));
    on(
        Addresses.WORK_ORDERS_PATCH,
        actorAnd(
            (actor, body) ->
                workOrders
                    .patch(actor, id(body), body.getInteger("if_match"), body.getJsonObject("body"))
                    .onSuccess(
                        row -> {
                          // The state machine refuses completed -> completed: this is a move.
                          if ("completed".equals(body.getJsonObject("body").getString("status"))) {
                            meters.completed(row.getString("priority"));
                          }
                        })));
    on(
        Addresses.WORK_ORDERS_DELETE,
        actorAnd((actor, body) -> workOrders.delete(actor, id(body), body.getInteger("if_match"))));
    on(
        Addresses.WORK_ORDER_HISTORY_LIST,
        actorAnd((actor, body) -> workOrders.history(actor, id(body), query(body))));
    on(
        Addresses.WORK_ORDER_COMMENTS_LIST,
        actorAnd((actor, body) -> workOrders.comments(actor, id(body), query(body))));
    on(
        Addresses.WORK_ORDER_COMMENTS_CREATE,
        creates(
            Addresses.WORK_ORDER_COMMENTS_CREATE,
            idempotency,
            (client, actor, body) ->
                workOrders.createComment(client, actor, id(body), body.getJsonObject("body"))));

    on(Addresses.ASSETS_LIST, actorAnd((actor, body) -> assets.list(actor, query(body))));
    on(Addresses.ASSETS_GET, actorAnd((actor, body) -> assets.get(actor, id(body))));
    on(
        Addresses.ASSETS_CREATE,
        creates(
            Addresses.ASSETS_CREATE,
            idempotency,
            (client, actor, body) -> assets.create(client, actor, body.getJsonObject("body"))));
    on(
        Addresses.ASSETS_PATCH,
        actorAnd(
            (actor, body) ->
                assets.patch(
                    actor, id(body), body.getInteger("if_match"), body.getJsonObject("body"))));
    on(
        Addresses.ASSETS_DELETE,
        actorAnd((actor, body) -> assets.delete(actor, id(body), body.getInteger("if_match"))));

    on(Addresses.TECHNICIANS_LIST, actorAnd((actor, body) -> technicians.list(actor, query(body))));
    on(Addresses.TECHNICIANS_GET, actorAnd((actor, body) -> technicians.get(actor, id(body))));
    on(
        Addresses.TECHNICIANS_CREATE,
        creates(
            Addresses.TECHNICIANS_CREATE,
            idempotency,
            (client, actor, body) ->
                technicians.create(client, actor, body.getJsonObject("body"))));
    on(
        Addresses.TECHNICIANS_PATCH,
        actorAnd(
            (actor, body) ->
                technicians.patch(
                    actor, id(body), body.getInteger("if_match"), body.getJsonObject("body"))));
    on(
        Addresses.TECHNICIANS_DELETE,
        actorAnd(
            (actor, body) -> technicians.delete(actor, id(body), body.getInteger("if_match"))));

    SiteRepository sites = new SiteRepository(db);
    on(Addresses.SITES_LIST, actorAnd((actor, body) -> sites.list(actor, query(body))));
    on(Addresses.SITES_GET, actorAnd((actor, body) -> sites.get(actor, id(body))));
    on(
        Addresses.SITES_CREATE,
        creates(
            Addresses.SITES_CREATE,
            idempotency,
            (client, actor, body) -> sites.create(client, actor, body.getJsonObject("body"))));
    on(
        Addresses.SITES_PATCH,
        actorAnd(
            (actor, body) ->
                sites.patch(
                    actor, id(body), body.getInteger("if_match"), body.getJsonObject("body"))));
    on(
        Addresses.SITES_DELETE,
        actorAnd((actor, body) -> sites.delete(actor, id(body), body.getInteger("if_match"))));

    TeamRepository teams = new TeamRepository(db);
    on(Addresses.TEAMS_LIST, actorAnd((actor, body) -> teams.list(actor, query(body))));
    on(Addresses.TEAMS_GET, actorAnd((actor, body) -> teams.get(actor, id(body))));
    on(
        Addresses.TEAMS_CREATE,
        creates(
            Addresses.TEAMS_CREATE,
            idempotency,
            (client, actor, body) -> teams.create(client, actor, body.getJsonObject("body"))));
    on(
        Addresses.TEAMS_PATCH,
        actorAnd(
            (actor, body) ->
                teams.patch(
                    actor, id(body), body.getInteger("if_match"), body.getJsonObject("body"))));
    on(
        Addresses.TEAMS_DELETE,
        actorAnd((actor, body) -> teams.delete(actor, id(body), body.getInteger("if_match"))));

    on(Addresses.USERS_LIST, actorAnd((actor, body) -> users.list(actor, query(body))));
    on(Addresses.USERS_GET, actorAnd((actor, body) -> users.get(actor, id(body))));
    on(
        Addresses.USERS_CREATE,
        creates(
            Addresses.USERS_CREATE,
            idempotency,
            (client, actor, body) -> users.create(client, actor, body.getJsonObject("body"))));
    on(Addresses.USERS_FIND_CREDENTIALS, body -> users.findCredentials(body.getString("email")));
    on(Addresses.USERS_BOOTSTRAP_NEEDED, body -> users.bootstrapNeeded());
    on(
        Addresses.USERS_BOOTSTRAP_ADMIN,
        body -> users.bootstrapAdmin(body.getString("email"), body.getString("password_hash")));

    on(
        Addresses.OAUTH_CLIENTS_CREATE,
        actorAnd((actor, body) -> oauth.createClient(actor, body.getJsonObject("body"))));
    on(
        Addresses.OAUTH_CLIENTS_LIST,
        actorAnd((actor, body) -> oauth.listClients(actor, query(body))));
    on(Addresses.OAUTH_CLIENTS_GET, actorAnd((actor, body) -> oauth.getClient(actor, id(body))));
    on(
        Addresses.OAUTH_CLIENTS_REVOKE,
        actorAnd((actor, body) -> oauth.revokeClient(actor, id(body))));
    on(Addresses.OAUTH_CLIENTS_FIND, body -> oauth.findClient(body.getString("client_id")));
    on(Addresses.REFRESH_TOKENS_ISSUE, oauth::issueRefresh);
    on(Addresses.REFRESH_TOKENS_ROTATE, oauth::rotateRefresh);
    on(Addresses.REFRESH_TOKENS_REVOKE, oauth::revokeRefresh);

    on(
        Addresses.API_KEYS_CREATE,
        actorAnd((actor, body) -> apiKeys.create(actor, body.getJsonObject("body"))));
    on(Addresses.API_KEYS_LIST, actorAnd((actor, body) -> apiKeys.list(actor, query(body))));
    on(Addresses.API_KEYS_GET, actorAnd((actor, body) -> apiKeys.get(actor, id(body))));
    on(Addresses.API_KEYS_REVOKE, actorAnd((actor, body) -> apiKeys.revoke(actor, id(body))));
    on(
        Addresses.API_KEYS_ROTATE,
        actorAnd((actor, body) -> apiKeys.rotate(actor, id(body), body.getJsonObject("body"))));
    on(Addresses.API_KEYS_AUTHENTICATE, body -> apiKeys.authenticate(body.getString("key_hash")));

    on(Addresses.LOGIN_FAILURES_STATE, loginFailures::state);
    on(Addresses.LOGIN_FAILURES_RECORD, loginFailures::recordFailure);
    on(Addresses.LOGIN_FAILURES_CLEAR, loginFailures::clear);

    on(Addresses.AUDIT_RECORD, audit::record);
    on(Addresses.AUDIT_LIST, actorAnd((actor, body) -> audit.list(actor, query(body))));

    // Platform operations: the permission matrix admits only platform admins, who act across
    // tenants, so these are not scoped by the caller's organization.
    on(Addresses.ORGANIZATIONS_CREATE, body -> organizations.create(body.getJsonObject("body")));
    on(Addresses.ORGANIZATIONS_GET, body -> organizations.get(id(body)));

    on(
        Addresses.EVENTS_CLAIM,
        body ->
            events.claim(
                body.getString("relay"), body.getInteger("limit"), body.getLong("lease_ms")));
    on(
        Addresses.EVENTS_PUBLISHED,
        body ->
            events.markPublished(
                body.getString("relay"),
                body.getLong("epoch"),
                body.getLong("lease_ms"),
                body.getJsonArray("sequences").stream()
                    .map(n -> ((Number) n).longValue())
                    .toList()));
    on(Addresses.EVENTS_RELEASE, body -> events.release(body.getString("relay")));
    on(Addresses.EVENTS_BACKLOG, body -> events.backlog());
    on(
        Addresses.EVENTS_DETECT_OVERDUE,
        body -> events.detectOverdue(body.getInteger("limit", 500)));
    on(
        Addresses.EVENTS_REPLAY,
        actorAnd((actor, body) -> events.replay(actor, body.getJsonObject("body"))));

    on(
        Addresses.ATTACHMENTS_BEGIN,
        actorAnd((actor, body) -> attachments.begin(actor, id(body), body)));
    on(
        Addresses.ATTACHMENTS_COMPLETE,
        actorAnd((actor, body) -> attachments.complete(actor, id(body), body)));
    on(Addresses.ATTACHMENTS_ABORT, actorAnd((actor, body) -> attachments.abort(actor, id(body))));
    on(
        Addresses.ATTACHMENTS_LIST,
        actorAnd((actor, body) -> attachments.list(actor, id(body), query(body))));
    on(Addresses.ATTACHMENTS_GET, actorAnd((actor, body) -> attachments.get(actor, id(body))));
    on(
        Addresses.ATTACHMENTS_LOCATE,
        actorAnd((actor, body) -> attachments.locate(actor, id(body))));
    on(
        Addresses.ATTACHMENTS_DELETE,
        actorAnd((actor, body) -> attachments.delete(actor, id(body))));
    on(Addresses.ATTACHMENTS_CLAIM, attachments::claim);
    on(Addresses.ATTACHMENTS_FINISH, attachments::finish);
    on(Addresses.ATTACHMENTS_RETRY_LATER, attachments::retryLater);
    on(Addresses.ATTACHMENTS_SWEEP, attachments::sweep);
    on(Addresses.ATTACHMENTS_OBJECTS_REMOVED, attachments::objectsRemoved);
    on(Addresses.ATTACHMENTS_KNOWN, attachments::known);
    on(
        Addresses.ATTACHMENT_DEAD_LETTERS_LIST,
        actorAnd((actor, body) -> attachments.deadLetters(actor, query(body))));
    on(
        Addresses.ATTACHMENT_DEAD_LETTERS_RETRY,
        actorAnd((actor, body) -> attachments.retryDeadLetter(actor, id(body))));

    on(
        Addresses.WEBHOOKS_CREATE,
        actorAnd((actor, body) -> notifications.createWebhook(actor, body.getJsonObject("body"))));
    on(
        Addresses.WEBHOOKS_LIST,
        actorAnd((actor, body) -> notifications.listWebhooks(actor, query(body))));
    on(
        Addresses.WEBHOOKS_GET,
        actorAnd((actor, body) -> notifications.getWebhook(actor, id(body))));
    on(
        Addresses.WEBHOOKS_PATCH,
        actorAnd(
            (actor, body) ->
                notifications.patchWebhook(
                    actor, id(body), body.getInteger("if_match"), body.getJsonObject("body"))));
    on(
        Addresses.WEBHOOKS_DELETE,
        actorAnd((actor, body) -> notifications.deleteWebhook(actor, id(body))));
    on(
        Addresses.WEBHOOKS_ROTATE_SECRET,
        actorAnd(
            (actor, body) ->
                notifications.rotateWebhookSecret(actor, id(body), body.getJsonObject("body"))));
    on(
        Addresses.WEBHOOK_DELIVERIES_LIST,
        actorAnd((actor, body) -> notifications.listDeliveries(actor, id(body), query(body))));
    on(Addresses.NOTIFICATIONS_EXPAND, notifications::expand);
    on(Addresses.NOTIFICATIONS_CLAIM, notifications::claim);
    on(Addresses.NOTIFICATIONS_RELEASE, notifications::release);
    on(Addresses.NOTIFICATIONS_RECORD, notifications::record);
    on(Addresses.NOTIFICATIONS_DLQ_PENDING, notifications::unpublishedDeadLetters);
    on(Addresses.NOTIFICATIONS_DLQ_PUBLISHED, notifications::deadLettersPublished);
    on(Addresses.NOTIFICATIONS_BACKLOG, body -> notifications.backlog());
    on(
        Addresses.NOTIFICATION_DEAD_LETTERS_LIST,
        actorAnd((actor, body) -> notifications.listDeadLetters(actor, query(body))));
    on(
        Addresses.NOTIFICATION_DEAD_LETTERS_GET,
        actorAnd((actor, body) -> notifications.getDeadLetter(actor, id(body))));
    on(
        Addresses.NOTIFICATION_DEAD_LETTERS_REDRIVE,
        actorAnd((actor, body) -> notifications.redriveDeadLetter(actor, id(body))));

    // Expired idempotency records are swept hourly by the first instance only, which also
    // refreshes the backlog gauges: one count query per interval for the whole process.
    if (config().getBoolean("sweeper", false)) {
      meters.registerBacklog();
      Runnable refresh =
          () ->
              workOrders
                  .backlog()
                  .onSuccess(b -> meters.backlog(b.getLong("open"), b.getLong("overdue")))
                  .compose(v -> events.backlog())
                  .onSuccess(
                      lag -> {
                        String oldest = lag.getString("oldest_pending_at");
                        meters.outbox(
                            lag.getLong("pending"),
                            oldest == null ? 0 : java.time.Instant.parse(oldest).toEpochMilli());
                      })
                  .onFailure(e -> LOG.warn("Counting the backlog failed: {}", e.getMessage()));
      refresh.run();
      backlogTimer =
          vertx.setPeriodic(
              config().getLong("backlog_refresh_ms", BACKLOG_REFRESH_MS), id -> refresh.run());
      expiryTimer =
          vertx.setPeriodic(
              3_600_000,
              id ->
                  idempotency
                      .expireOld()
                      .compose(v -> oauth.sweepRefresh())
                      .compose(v -> loginFailures.sweep())
                      .onFailure(
                          e ->
                              LOG.warn(
                                  "Sweeping expired idempotency keys failed: {}", e.getMessage())));
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
    }
    if (backlogTimer >= 0) {
      vertx.cancelTimer(backlogTimer);
    }
    if (meters != null) {
      meters.close();
    }
    if (pool == null) {
      return Future.succeededFuture();
    }
    // The first instance hands on the relay lease of this process: when this verticle stops before
    // the relay, the relay cannot release it itself, and another instance would wait for it to
    // expire.
    Object relay = vertx.sharedData().getLocalMap(Addresses.RELAY_LOCAL_MAP).get("relay_id");
    Future<?> released =
        config().getBoolean("sweeper", false) && relay instanceof String relayId
            ? events.release(relayId).otherwiseEmpty()
            : Future.succeededFuture();
    return released.eventually(() -> pool.close());
  }

  /** A create that honours {@code idempotency_key}. */
  private interface Create {
    Future<JsonObject> apply(SqlClient client, Actor actor, JsonObject body);
  }

  private static Function<JsonObject, Future<JsonObject>> creates(
      String operation, IdempotencyStore store, Create create) {
    return creates(operation, store, create, null);
  }

  /**
   * {@code withoutKey}: the create as one statement in its own (pipelined) round trip, used when
   * the request has no idempotency key; the key's bookkeeping needs {@code create}'s transaction.
   */
  private static Function<JsonObject, Future<JsonObject>> creates(
      String operation,
      IdempotencyStore store,
      Create create,
      BiFunction<Actor, JsonObject, Future<JsonObject>> withoutKey) {
    return body -> {
      Actor actor = Actor.fromJson(body.getJsonObject("actor"));
      if (withoutKey != null && body.getString("idempotency_key") == null) {
        return withoutKey
            .apply(actor, body)
            .map(resource -> new JsonObject().put("resource", resource).put("replayed", false));
      }
      return store.create(
          operation,
          actor,
          body.getString("idempotency_key"),
          requestIdentity(body),
          client -> create.apply(client, actor, body));
    };
  }

  /**
   * What makes two requests "the same" for an idempotency key: the fingerprint the HTTP layer took
   * of the request as the client sent it, else the body and the parent id.
   */
  private static String requestIdentity(JsonObject body) {
    String fingerprint = body.getString("request_fingerprint");
    if (fingerprint != null) {
      return fingerprint;
    }
    JsonObject identity = new JsonObject().put("body", body.getJsonObject("body"));
    if (body.containsKey("id")) {
      identity.put("id", body.getString("id"));
    }
    return RequestFingerprint.of(identity);
  }

  private static Function<JsonObject, Future<JsonObject>> actorAnd(
      BiFunction<Actor, JsonObject, Future<JsonObject>> op) {
    return body -> op.apply(Actor.fromJson(body.getJsonObject("actor")), body);
  }

  private static UUID id(JsonObject body) {
    return Params.uuid(body.getString("id"), "/path/id");
  }

  private static JsonObject query(JsonObject body) {
    return body.getJsonObject("query", new JsonObject());
  }

  private void on(String address, Function<JsonObject, Future<JsonObject>> handler) {
    boolean appendsEvents = APPENDS_EVENTS.contains(address);
    consumers.add(
        vertx
            .eventBus()
            .<JsonObject>localConsumer(
                address,
                message -> {
                  Future<JsonObject> result;
                  try {
                    result = handler.apply(message.body());
                  } catch (RuntimeException e) {
                    result = Future.failedFuture(e);
                  }
                  result
                      .onSuccess(
                          reply -> {
                            message.reply(reply);
                            if (appendsEvents) {
                              nudgeRelay();
                            }
                          })
                      .onFailure(e -> fail(address, message, e));
                }));
  }

  /**
   * Tells this process's relay that events were committed (a write's future completes after its
   * commit), so that they are published now rather than at its next poll. Local only: a send to an
   * address with local consumers alone would otherwise ask the cluster who listens, on every write;
   * the other instances' relays find the events by polling.
   */
  private void nudgeRelay() {
    vertx.eventBus().send(Addresses.EVENTS_NUDGE, null, NUDGE);
  }

  private static void fail(String address, Message<JsonObject> message, Throwable e) {
    BusError error = e instanceof BusError known ? known : PgErrors.toBusError(e);
    if (error == null) {
      // A fault of ours or of the database: logged here with its cause, shown to the client without
      // detail.
      LOG.error("{} failed", address, e);
      error =
          isConnectionFault(e)
              ? new BusError(
                  503, "service-unavailable", "the database is unavailable; retry shortly")
              : new BusError(500, "internal", "an internal error occurred");
    }
    message.fail(error.status(), error.toWire());
  }

  private static boolean isConnectionFault(Throwable e) {
    String name = e.getClass().getName();
    return e instanceof java.net.ConnectException
        || e instanceof java.io.IOException
        || name.contains("ClosedConnection")
        || name.contains("ConnectTimeout")
        || (e.getMessage() != null && e.getMessage().contains("Connection refused"));
  }
}
