package dev.wrench.bus;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.ratelimit.RateLimitDecision;

/**
 * Every event-bus address of Wrench, with the shape of its messages.
 *
 * <p>Requests are {@code JsonObject}s; every request from the HTTP layer carries {@code actor}
 * ({@link Actor#toJson()}). Replies are {@code JsonObject}s; failures travel as {@link BusError}
 * ({@code message.fail(httpStatus, problemJson)}) and become problem+json in one mapper. The
 * resource verbs share these shapes:
 *
 * <ul>
 *   <li>{@code list}: {@code {actor, query: {param: value | [values]}}} → {@code {items: [...],
 *       next_cursor}}; sub-resource lists add {@code id} (the parent).
 *   <li>{@code get}: {@code {actor, id}} → the resource.
 *   <li>{@code create}: {@code {actor, body, idempotency_key?}} → {@code {resource, replayed}};
 *       sub-resource creates add {@code id} (the parent).
 *   <li>{@code patch}: {@code {actor, id, if_match: int | null, body}} → the resource.
 *   <li>{@code delete}: {@code {actor, id, if_match: int | null}} → {@code {}}.
 * </ul>
 *
 * <p>Database addresses are registered as local consumers: in a clustered deployment a request is
 * always served by this node's own pool.
 */
public final class Addresses {

  private Addresses() {}

  public static final String DB_PING = "wrench.db.ping";

  public static final String WORK_ORDERS_LIST = "wrench.db.work-orders.list";
  public static final String WORK_ORDERS_GET = "wrench.db.work-orders.get";
  public static final String WORK_ORDERS_CREATE = "wrench.db.work-orders.create";
  public static final String WORK_ORDERS_PATCH = "wrench.db.work-orders.patch";
  public static final String WORK_ORDERS_DELETE = "wrench.db.work-orders.delete";
  public static final String WORK_ORDER_HISTORY_LIST = "wrench.db.work-orders.history.list";
  public static final String WORK_ORDER_COMMENTS_LIST = "wrench.db.work-orders.comments.list";
  public static final String WORK_ORDER_COMMENTS_CREATE = "wrench.db.work-orders.comments.create";

  public static final String ASSETS_LIST = "wrench.db.assets.list";
  public static final String ASSETS_GET = "wrench.db.assets.get";
  public static final String ASSETS_CREATE = "wrench.db.assets.create";
  public static final String ASSETS_PATCH = "wrench.db.assets.patch";
  public static final String ASSETS_DELETE = "wrench.db.assets.delete";

  public static final String TECHNICIANS_LIST = "wrench.db.technicians.list";
  public static final String TECHNICIANS_GET = "wrench.db.technicians.get";
  public static final String TECHNICIANS_CREATE = "wrench.db.technicians.create";
  public static final String TECHNICIANS_PATCH = "wrench.db.technicians.patch";
  public static final String TECHNICIANS_DELETE = "wrench.db.technicians.delete";
  public static final String SITES_LIST = "wrench.db.sites.list";
  public static final String SITES_GET = "wrench.db.sites.get";
  public static final String SITES_CREATE = "wrench.db.sites.create";
  public static final String SITES_PATCH = "wrench.db.sites.patch";
  public static final String SITES_DELETE = "wrench.db.sites.delete";
  public static final String TEAMS_LIST = "wrench.db.teams.list";
  public static final String TEAMS_GET = "wrench.db.teams.get";
  public static final String TEAMS_CREATE = "wrench.db.teams.create";
  public static final String TEAMS_PATCH = "wrench.db.teams.patch";
  public static final String TEAMS_DELETE = "wrench.db.teams.delete";

  public static final String USERS_LIST = "wrench.db.users.list";
  public static final String USERS_GET = "wrench.db.users.get";

  /**
   * {@code {actor, body: {email, name, role, password_hash}, idempotency_key?}}: the password
   * arrives hashed.
   */
  public static final String USERS_CREATE = "wrench.db.users.create";

  /** {@code {email}} → {@code {id, org_id, role, active, password_hash}}, or fails 404. */
  public static final String USERS_FIND_CREDENTIALS = "wrench.db.users.find-credentials";

  /** {@code {}} → {@code {needed: bool}}: whether the default organization still has no user. */
  public static final String USERS_BOOTSTRAP_NEEDED = "wrench.db.users.bootstrap-needed";

  /**
   * {@code {email, password_hash}} → {@code {created: bool}}: creates the first admin of the
   * default organization when it has no user yet.
   */
  public static final String USERS_BOOTSTRAP_ADMIN = "wrench.db.users.bootstrap-admin";

  /**
   * {@code {kind, org_id, id}} → {@code {status: "hit", value: "<json>", version}}, or {@code
   * {status: "miss", lease?}}: read the database; with a lease, the caller is the one loader of
   * this key and must answer with {@link #CACHE_PUT} or {@link #CACHE_RELEASE}, while concurrent
   * misses of the key wait for that answer. Or {@code {status: "bypass"}}: the cache is unavailable
   * (Redis down, breaker open); read the database and store nothing. {@code kind} is one of {@code
   * work-orders}, {@code assets}, {@code technicians}. Never fails but for a malformed request.
   */
  public static final String CACHE_GET = "wrench.cache.get";

  /**
   * {@code {kind, org_id, id, value: "<resource JSON>", version, lease?}} → {@code {stored: bool}}:
   * stores the row unless the cache holds a newer version (or a newer invalidation), and answers
   * the waiters of the lease. Readers send it without waiting for the reply.
   */
  public static final String CACHE_PUT = "wrench.cache.put";

  /**
   * {@code {kind, org_id, id, lease}} → {@code {}}: the loader failed; waiters read for themselves.
   * Sent without waiting for the reply.
   */
  public static final String CACHE_RELEASE = "wrench.cache.release";

  /**
   * {@code {kind, org_id, id, version: int | null, deleted?: bool}} → {@code {stored: bool}}: after
   * a committed write, before its response: entries older than {@code version} are dead (all of
   * them when {@code deleted}; {@code version: null} when the write's outcome is unknown). Reaches
   * every instance (Redis pub/sub, or {@link #CACHE_INVALIDATED} without Redis). Never fails: when
   * Redis is unreachable the invalidation is kept and applied before the cache is read again.
   */
  public static final String CACHE_INVALIDATE = "wrench.cache.invalidate";

  /**
   * Published {@code {key}}: every cache verticle drops its entry and waiting loads for the key.
   */
  public static final String CACHE_INVALIDATED = "wrench.cache.invalidated";

  /**
   * {@code {}} → {@code {backend: redis|in-process, state: up|degraded|disabled, breaker,
   * loads_in_flight, waiting}}: the store is pinged at most once a second.
   */
  public static final String CACHE_STATUS = "wrench.cache.status";

  /**
   * {@code {bucket, limit, window_ms}} → a {@link RateLimitDecision} as JSON: takes one request
   * from the shared sliding window of {@code bucket} in Redis. Fails 503 when Redis is unavailable
   * (the caller then limits in-process). Served only when Redis is configured.
   */
  public static final String RATE_LIMIT_TAKE = "wrench.cache.rate-limit.take";

  /**
   * {@code {actor, body: {name, user_id, scopes, secret_hash}}} → the client (without secret): an
   * OAuth client of the caller's organization acting as {@code user_id}. The secret arrives as its
   * SHA-256 (base64url).
   */
  public static final String OAUTH_CLIENTS_CREATE = "wrench.db.oauth-clients.create";

  public static final String OAUTH_CLIENTS_LIST = "wrench.db.oauth-clients.list";
  public static final String OAUTH_CLIENTS_GET = "wrench.db.oauth-clients.get";

  /** {@code {actor, id}} → {@code {}}: revokes the client; 404 when it is not the caller's. */
  public static final String OAUTH_CLIENTS_REVOKE = "wrench.db.oauth-clients.revoke";

  /**
   * {@code {client_id}} → {@code {id, org_id, user_id, role, active, scopes, secret_hash}} of a
   * live client, or fails 404.
   */
  public static final String OAUTH_CLIENTS_FIND = "wrench.db.oauth-clients.find";

  /**
   * {@code {org_id, user_id, token_hash, scope, ttl_seconds}} → {@code {}}: stores a new refresh
   * token (its SHA-256, base64url) as the first of a new family.
   */
  public static final String REFRESH_TOKENS_ISSUE = "wrench.db.refresh-tokens.issue";

  /**
   * {@code {token_hash, new_token_hash, ttl_seconds}} → {@code {user_id, org_id, role, scope}}:
   * spends the token and stores its successor; fails 400 {@code invalid-grant} when it is unknown,
   * expired or already spent (then its whole family is revoked).
   */
  public static final String REFRESH_TOKENS_ROTATE = "wrench.db.refresh-tokens.rotate";

  /** {@code {token_hash}} → {@code {revoked: bool, org_id?, user_id?}}: revokes the family. */
  public static final String REFRESH_TOKENS_REVOKE = "wrench.db.refresh-tokens.revoke";

  /**
   * {@code {actor, body: {name, user_id?, scopes?, expires_at?, secret_hash, prefix}}} → the key
   * (without secret). {@code user_id} defaults to the caller.
   */
  public static final String API_KEYS_CREATE = "wrench.db.api-keys.create";

  public static final String API_KEYS_LIST = "wrench.db.api-keys.list";
  public static final String API_KEYS_GET = "wrench.db.api-keys.get";

  /** {@code {actor, id}} → {@code {}}; 404 when it is not the caller's organization's. */
  public static final String API_KEYS_REVOKE = "wrench.db.api-keys.revoke";

  /** {@code {actor, id, body: {secret_hash, prefix}}} → the key: a new secret, the old one dead. */
  public static final String API_KEYS_ROTATE = "wrench.db.api-keys.rotate";

  /**
   * {@code {key_hash}} → {@code {key_id, user_id, org_id, role, scopes, expires_at}} of a live key
   * whose user is active, or fails 404. Notes the use (last_used_at, to the minute).
   */
  public static final String API_KEYS_AUTHENTICATE = "wrench.db.api-keys.authenticate";

  /**
   * {@code {subjects: [account/address keys], window_seconds}} → {@code {failures: {subject: n},
   * locked_until: epoch seconds | null}}: the failed log-ins of an attempt's account and address.
   */
  public static final String LOGIN_FAILURES_STATE = "wrench.db.login-failures.state";

  /**
   * {@code {subjects: [{subject, lockout_after}], window_seconds, lockout_seconds}} → {@code {}}:
   * counts one failure each and locks those that reach their threshold.
   */
  public static final String LOGIN_FAILURES_RECORD = "wrench.db.login-failures.record";

  /** {@code {subject}} → {@code {}}: forgets a subject's failures (after a successful log-in). */
  public static final String LOGIN_FAILURES_CLEAR = "wrench.db.login-failures.clear";

  /**
   * {@code {org_id?, action, outcome: success|failure|denied, actor_id?, subject?, target_type?,
   * target_id?, address?, request_id?, details?}} → {@code {}}: appends one audit event.
   */
  public static final String AUDIT_RECORD = "wrench.db.audit.record";

  /**
   * {@code {actor, query: {action?, outcome?, actor_id?, occurred_after?, occurred_before?, limit?,
   * cursor?}}} → a page of the caller's organization's events, newest first.
   */
  public static final String AUDIT_LIST = "wrench.db.audit.list";

  /**
   * {@code {actor, body: {name, admin: {email, name?, password_hash}}}} → {@code {id, name,
   * created_at, admin: user}}: a new tenant and its first admin, both or neither (platform admins).
   */
  public static final String ORGANIZATIONS_CREATE = "wrench.db.organizations.create";

  /** {@code {actor, id}} → {@code {id, name, created_at}} (platform admins: any organization). */
  public static final String ORGANIZATIONS_GET = "wrench.db.organizations.get";

  /**
   * The relay's claim: {@code {relay, limit, lease_ms}} → {@code {leased: false}} while another
   * instance holds the relay lease, else {@code {leased: true, epoch, events: [{sequence, event_id,
   * org_id, work_order_id, type, data, occurred_at, replay}]}}: up to {@code limit} unpublished
   * events in publication order. Taking or renewing the lease and reading are one transaction.
   */
  public static final String EVENTS_CLAIM = "wrench.db.events.claim";

  /**
   * {@code {relay, epoch, lease_ms, sequences: [long]}} → {@code {marked}}: the events were
   * published; renews the lease. Fails 409 {@code lease-lost} when the relay no longer holds it.
   */
  public static final String EVENTS_PUBLISHED = "wrench.db.events.published";

  /** {@code {relay}} → {@code {released: bool}}: a stopping relay hands the lease on at once. */
  public static final String EVENTS_RELEASE = "wrench.db.events.release";

  /** {@code {}} → {@code {pending, oldest_pending_at}}: the outbox lag. */
  public static final String EVENTS_BACKLOG = "wrench.db.events.backlog";

  /**
   * {@code {limit}} → {@code {written}}: writes the overdue events of open work orders past their
   * due date, once per work order and due date (safe to run on every instance).
   */
  public static final String EVENTS_DETECT_OVERDUE = "wrench.db.events.detect-overdue";

  /**
   * {@code {actor, body: {work_order_id?, from?, to?}}} → {@code {replayed}}: appends copies of the
   * caller's organization's events (of one work order, or occurred in {@code [from, to)}) that the
   * relay publishes again, marked as replays.
   */
  public static final String EVENTS_REPLAY = "wrench.db.events.replay";

  /**
   * Published by the relay: every work order event as a CloudEvents 1.0 JSON object (the same
   * document as the Kafka record's value), in order per work order, after Kafka acknowledged it
   * (or, without Kafka, as the in-process delivery).
   */
  public static final String WORK_ORDER_EVENTS = "wrench.events.work-orders";

  /**
   * {@code {}} → {@code {delivery: kafka|in-process, state: up|degraded, topic?, last_error?,
   * published, pending?, oldest_pending_at?}}: the relay of this instance.
   */
  public static final String EVENTS_STATUS = "wrench.events.status";

  /**
   * Fire-and-forget, local only, no body, no reply: the database verticle tells this process's
   * relay that a write which appended work order events has committed, so that it claims them now
   * rather than at its next poll. A lost nudge costs only latency: the poll still finds the events.
   */
  public static final String EVENTS_NUDGE = "wrench.events.nudge";

  /**
   * Not an address: the local shared map in which this process's relay records its lease holder
   * name ({@code relay_id}), so that the database verticle can release the lease when it stops
   * first (Vert.x undeploys sibling verticles concurrently).
   */
  public static final String RELAY_LOCAL_MAP = "wrench.events.relay";

  /**
   * {@code {actor, id: work order, filename, description, declared_content_type,
   * max_per_work_order}} → {@code {id, storage_key}}: checks that the caller may attach to the work
   * order (404/403) and that it has fewer than the maximum (409), and records the upload as {@code
   * uploading}.
   */
  public static final String ATTACHMENTS_BEGIN = "wrench.db.attachments.begin";

  /**
   * {@code {actor, id, size, sha256, content_type}} → the attachment, now {@code pending} (the
   * worker's turn).
   */
  public static final String ATTACHMENTS_COMPLETE = "wrench.db.attachments.complete";

  /** {@code {actor, id}} → {@code {}}: the upload failed; its row goes. */
  public static final String ATTACHMENTS_ABORT = "wrench.db.attachments.abort";

  public static final String ATTACHMENTS_LIST = "wrench.db.attachments.list";
  public static final String ATTACHMENTS_GET = "wrench.db.attachments.get";

  /**
   * {@code {actor, id}} → {@code {attachment, storage_key}}: for serving the content; 404 when not
   * visible, 409 {@code attachment-not-ready} unless {@code ready}.
   */
  public static final String ATTACHMENTS_LOCATE = "wrench.db.attachments.locate";

  /** Soft delete; the uploader or an admin/manager. The worker removes the object later. */
  public static final String ATTACHMENTS_DELETE = "wrench.db.attachments.delete";

  /**
   * Worker: {@code {limit, lease_ms}} → {@code {items: [{id, org_id, storage_key, thumbnail_key,
   * size, sha256, content_type, attempts}]}}: takes pending rows that are due (or whose lease ran
   * out) and leases them.
   */
  public static final String ATTACHMENTS_CLAIM = "wrench.db.attachments.claim";

  /**
   * Worker: {@code {id, status: ready|rejected, reason?, content_type, size, sha256,
   * thumbnail_key?}} → {@code {}}.
   */
  public static final String ATTACHMENTS_FINISH = "wrench.db.attachments.finish";

  /**
   * Worker: {@code {id, error, delay_ms, max_attempts}} → {@code {status: pending|failed}}: after
   * the last attempt the row is {@code failed} and a dead letter is written.
   */
  public static final String ATTACHMENTS_RETRY_LATER = "wrench.db.attachments.retry-later";

  /**
   * Worker: {@code {stale_upload_ms, limit}} → {@code {items: [{id, storage_key, thumbnail_key}]}}:
   * objects to remove (soft-deleted rows, uploads that never finished).
   */
  public static final String ATTACHMENTS_SWEEP = "wrench.db.attachments.sweep";

  /** Worker: {@code {ids: [...]}} → {@code {}}: their objects are gone. */
  public static final String ATTACHMENTS_OBJECTS_REMOVED = "wrench.db.attachments.objects-removed";

  /** Worker: {@code {ids: [...]}} → {@code {known: [...]}}: which ids have a row. */
  public static final String ATTACHMENTS_KNOWN = "wrench.db.attachments.known";

  /** {@code {actor, query}} → a page of dead letters of the caller's organization. */
  public static final String ATTACHMENT_DEAD_LETTERS_LIST =
      "wrench.db.attachments.dead-letters.list";

  /** {@code {actor, id}} → the attachment, back to {@code pending} with fresh attempts. */
  public static final String ATTACHMENT_DEAD_LETTERS_RETRY =
      "wrench.db.attachments.dead-letters.retry";

  /**
   * Sent {@code {id}} to the attachment worker after an upload or a retry: process what is due now
   * rather than at the next poll. Losing it loses nothing (the state is in PostgreSQL).
   */
  public static final String ATTACHMENTS_PROCESS = "wrench.attachments.process";

  /**
   * {@code {actor, body: {url, event_types, description?, secret}}} → the subscription (without its
   * secret, which the HTTP layer made and shows once).
   */
  public static final String WEBHOOKS_CREATE = "wrench.db.webhooks.create";

  public static final String WEBHOOKS_LIST = "wrench.db.webhooks.list";
  public static final String WEBHOOKS_GET = "wrench.db.webhooks.get";

  /** {@code {actor, id, if_match, body: {url?, event_types?, description?}}} → the subscription. */
  public static final String WEBHOOKS_PATCH = "wrench.db.webhooks.patch";

  /** {@code {actor, id}} → {@code {}}: soft delete; its pending deliveries are cancelled. */
  public static final String WEBHOOKS_DELETE = "wrench.db.webhooks.delete";

  /**
   * {@code {actor, id, body: {secret, grace_seconds}}} → the subscription: the new secret signs,
   * and the old one too (a second signature) until the grace period ends.
   */
  public static final String WEBHOOKS_ROTATE_SECRET = "wrench.db.webhooks.rotate-secret";

  /** {@code {actor, id, query}} → a page of the subscription's delivery attempts, newest first. */
  public static final String WEBHOOK_DELIVERIES_LIST = "wrench.db.webhooks.deliveries.list";

  /**
   * Notification worker: {@code {event, lane, email, user_ids, technician_ids, managers}} → {@code
   * {jobs}}: the event's delivery jobs, recorded once per (event id, channel, target).
   */
  public static final String NOTIFICATIONS_EXPAND = "wrench.db.notifications.expand";

  /**
   * Notification worker: {@code {lane, limit, lease_ms, busy_targets}} → {@code {items: [{id,
   * org_id, event_id, channel, target, lane, event, attempts, url?, secret?, previous_secret?,
   * subscription_deleted, email?, user_name?, user_active?}]}}: due jobs, leased (FOR UPDATE SKIP
   * LOCKED: several instances never take the same job).
   */
  public static final String NOTIFICATIONS_CLAIM = "wrench.db.notifications.claim";

  /** Notification worker: {@code {ids}} → {@code {}}: claimed jobs handed back untouched. */
  public static final String NOTIFICATIONS_RELEASE = "wrench.db.notifications.release";

  /**
   * Notification worker: {@code {id, outcome: succeeded|failed|cancelled, response_status?, error?,
   * duration_ms, delay_ms, max_attempts}} → {@code {status: delivered|pending|dead|cancelled|gone,
   * dead_letter?}}.
   */
  public static final String NOTIFICATIONS_RECORD = "wrench.db.notifications.record";

  /** {@code {limit}} → {@code {items}}: dead letters not yet on the Kafka dead-letter topic. */
  public static final String NOTIFICATIONS_DLQ_PENDING = "wrench.db.notifications.dlq-pending";

  /** {@code {ids}} → {@code {}}: these dead letters are on the Kafka dead-letter topic. */
  public static final String NOTIFICATIONS_DLQ_PUBLISHED = "wrench.db.notifications.dlq-published";

  /** {@code {}} → {@code {pending, critical_pending, dead_letters}}. */
  public static final String NOTIFICATIONS_BACKLOG = "wrench.db.notifications.backlog";

  /** {@code {actor, query}} → a page of the organization's notification dead letters. */
  public static final String NOTIFICATION_DEAD_LETTERS_LIST =
      "wrench.db.notifications.dead-letters.list";

  /** {@code {actor, id}} → the dead letter with its attempt history and event. */
  public static final String NOTIFICATION_DEAD_LETTERS_GET =
      "wrench.db.notifications.dead-letters.get";

  /** {@code {actor, id}} → the dead letter, re-driven: its job is pending again. */
  public static final String NOTIFICATION_DEAD_LETTERS_REDRIVE =
      "wrench.db.notifications.dead-letters.redrive";

  /**
   * Sent {@code {}} to the notification worker after new jobs or a re-drive: look for due jobs now
   * rather than at the next poll. Losing it loses nothing (the jobs are in PostgreSQL).
   */
  public static final String NOTIFICATIONS_WAKE = "wrench.notifications.wake";

  /** {@code {}} → {@code {source, email, state, pending?, critical_pending?, dead_letters?}}. */
  public static final String NOTIFICATIONS_STATUS = "wrench.notifications.status";

  /**
   * Without Kafka, the relay's hand-over to this node's notification worker: {@code {events:
   * [CloudEvent...]}} → {@code {}} once every event's jobs are recorded in PostgreSQL, or fails
   * (then the relay leaves the batch unpublished and hands it over again later; recording is
   * idempotent). No handler (notifications off) means nothing to hand over.
   */
  public static final String NOTIFICATIONS_INTAKE = "wrench.notifications.intake";
}
