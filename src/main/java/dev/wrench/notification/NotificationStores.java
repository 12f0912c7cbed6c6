package dev.wrench.notification;

import dev.wrench.core.Actor;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of the webhook and notification contracts: adapters of the repositories. */
final class NotificationStores {

  private NotificationStores() {}

  static WebhookService webhooks(WebhookRepository repository) {
    return new WebhookService() {
      @Override
      public Future<JsonObject> create(Actor actor, JsonObject body) {
        return repository.createWebhook(actor, body);
      }

      @Override
      public Future<JsonObject> list(Actor actor, JsonObject query) {
        return repository.listWebhooks(actor, query);
      }

      @Override
      public Future<JsonObject> get(Actor actor, String id) {
        return repository.getWebhook(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body) {
        return repository.patchWebhook(actor, Params.pathId(id), ifMatch, body);
      }

      @Override
      public Future<JsonObject> delete(Actor actor, String id) {
        return repository.deleteWebhook(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> rotateSecret(Actor actor, String id, JsonObject body) {
        return repository.rotateWebhookSecret(actor, Params.pathId(id), body);
      }

      @Override
      public Future<JsonObject> deliveries(Actor actor, String id, JsonObject query) {
        return repository.listDeliveries(actor, Params.pathId(id), query);
      }
    };
  }

  static NotificationService notifications(
      NotificationJobRepository jobs, DeadLetterRepository deadLetters) {
    return new NotificationService() {
      @Override
      public Future<JsonObject> expand(JsonObject request) {
        return jobs.expand(request);
      }

      @Override
      public Future<JsonObject> claim(JsonObject request) {
        return jobs.claim(request);
      }

      @Override
      public Future<JsonObject> release(JsonObject request) {
        return jobs.release(request);
      }

      @Override
      public Future<JsonObject> record(JsonObject request) {
        return jobs.record(request);
      }

      @Override
      public Future<JsonObject> dlqPending(JsonObject request) {
        return deadLetters.unpublishedDeadLetters(request);
      }

      @Override
      public Future<JsonObject> dlqPublished(JsonObject request) {
        return deadLetters.deadLettersPublished(request);
      }

      @Override
      public Future<JsonObject> backlog() {
        return jobs.backlog();
      }

      @Override
      public Future<JsonObject> deadLetters(Actor actor, JsonObject query) {
        return deadLetters.listDeadLetters(actor, query);
      }

      @Override
      public Future<JsonObject> deadLetter(Actor actor, String id) {
        return deadLetters.getDeadLetter(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> redriveDeadLetter(Actor actor, String id) {
        return deadLetters.redriveDeadLetter(actor, Params.pathId(id));
      }
    };
  }
}
