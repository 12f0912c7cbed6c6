package dev.wrench.workorder;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of work orders, served by the database verticles. The resource verbs have the
 * shapes of {@link dev.wrench.bus.ResourceService}; the writes append events to the outbox in their
 * transaction.
 */
@Bus.Address(WorkOrderService.ADDRESS)
public interface WorkOrderService {

  String ADDRESS = "wrench.db.work-orders";

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  @Bus.AppendsEvents
  Future<JsonObject> create(Actor actor, CreateRequest request);

  @Bus.AppendsEvents
  Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body);

  @Bus.AppendsEvents
  Future<JsonObject> delete(Actor actor, String id, Integer ifMatch);

  /** {@code {actor, id, query}} → a page of the work order's history. */
  @Bus.Verb("history.list")
  Future<JsonObject> history(Actor actor, String id, JsonObject query);

  /** {@code {actor, id, query}} → a page of its comments. */
  @Bus.Verb("comments.list")
  Future<JsonObject> comments(Actor actor, String id, JsonObject query);

  /**
   * A preventive work order for one occurrence of a schedule (not an HTTP operation: the schedule
   * generator calls it, with the schedule's creator as an admin actor). {@code body}: {@code title}
   * (required), {@code description}, {@code priority}, {@code asset_id}, {@code assignee_id},
   * {@code team_id}, {@code location_id}, {@code checklist_template_id} (its items are copied),
   * {@code pm_schedule_id} (required), {@code occurrence_at} (required, RFC 3339), {@code due_at}.
   * Exactly once per (organization, pm_schedule_id, occurrence_at): the reply is the work order as
   * {@code get} answers it plus {@code "created": true} from the call that made it (and appended
   * {@code work_order.created} in its statement), {@code "created": false} from every other call,
   * which writes nothing. A reference to nothing of the organization fails as a create does (422
   * with its pointer), a bad field with 400.
   */
  @Bus.Verb("generate")
  @Bus.AppendsEvents
  Future<JsonObject> generate(Actor actor, JsonObject body);

  /**
   * {@link #generate} for many occurrences of the caller's organization at once, {@code {items:
   * [body, ...]}}, each body also naming its schedule's {@code created_by}: one transaction and one
   * commit for all (a commit each made generation wait on the WAL flush of every work order). The
   * reply is {@code {items: [...]}} in the same order, as {@link #generate} answers each. All or
   * nothing: a refusal of one fails the call, and the caller generates them one by one instead.
   */
  @Bus.Verb("generate.batch")
  @Bus.AppendsEvents
  Future<JsonObject> generateBatch(Actor actor, JsonObject body);

  /** {@code {actor, id}} → the work order's checklist, {@code {items, version}}. */
  @Bus.Verb("checklist.get")
  Future<JsonObject> checklist(Actor actor, String id);

  /**
   * {@code {actor, id, key, if_match, body: {value}}} → the answered item of the work order's
   * checklist; a failed item with {@code on_fail: create_work_order} opens its one follow-up work
   * order in the same transaction ({@code work_order.created}).
   */
  @Bus.Verb("checklist.answer")
  @Bus.AppendsEvents
  Future<JsonObject> answerChecklistItem(
      Actor actor, String id, String key, Integer ifMatch, JsonObject body);

  /**
   * Approves pending request {@code id} into a new work order, in one transaction (issue 20): the
   * request becomes {@code approved} with the work order's id, and the work order is created as
   * {@link #create} creates one (number, history, {@code work_order.created}), carrying {@code
   * request_id} and the request's fields; {@code body} may override {@code priority}, {@code
   * assignee_id} and {@code due_at}. The reply is the work order. A request the caller cannot see
   * is 404; one that is not pending 409 {@code request-not-pending}, and nothing is written.
   */
  @Bus.Verb("requests.approve")
  @Bus.AppendsEvents
  Future<JsonObject> approveRequest(Actor actor, String id, JsonObject body);

  /** A comment on work order {@code id} (the create's parent). */
  @Bus.Verb("comments.create")
  @Bus.AppendsEvents
  Future<JsonObject> createComment(Actor actor, CreateRequest request);
}
