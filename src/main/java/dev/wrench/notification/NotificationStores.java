package dev.wrench.notification;

import dev.wrench.core.Actor;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of the webhook and notification contracts: adapters of the repository. */
final class NotificationStores {

  private NotificationStores() {}

  static WebhookService webhooks(NotificationRepository repository) {
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

  static NotificationService notifications(NotificationRepository repository) {
    return new NotificationService() {
      @Override
      public Future<JsonObject> expand(JsonObject request) {
        return repository.expand(request);
      }

      @Override
      public Future<JsonObject> claim(JsonObject request) {
        return repository.claim(request);
      }

      @Override
      public Future<JsonObject> release(JsonObject request) {
        return repository.release(request);
      }

      @Override
      public Future<JsonObject> record(JsonObject request) {
        return repository.record(request);
      }

      @Override
      public Future<JsonObject> dlqPending(JsonObject request) {
        return repository.unpublishedDeadLetters(request);
      }

      @Override
      public Future<JsonObject> dlqPublished(JsonObject request) {
        return repository.deadLettersPublished(request);
      }

      @Override
      public Future<JsonObject> backlog() {
        return repository.backlog();
      }

      @Override
      public Future<JsonObject> deadLetters(Actor actor, JsonObject query) {
        return repository.listDeadLetters(actor, query);
      }

      @Override
      public Future<JsonObject> deadLetter(Actor actor, String id) {
        return repository.getDeadLetter(actor, Params.pathId(id));
      }

      @Override
      public Future<JsonObject> redriveDeadLetter(Actor actor, String id) {
        return repository.redriveDeadLetter(actor, Params.pathId(id));
      }
    };
  }
}
