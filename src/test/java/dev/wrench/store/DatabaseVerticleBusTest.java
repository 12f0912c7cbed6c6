package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.app.Features;
import dev.wrench.asset.AssetService;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.feature.Feature;
import dev.wrench.support.TestDatabase;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database verticle's side of the features' bus contracts, as plain JSON, without HTTP. */
@ExtendWith(VertxExtension.class)
class DatabaseVerticleBusTest {

  private static final Actor ADMIN =
      new Actor(
          UUID.randomUUID(), UUID.fromString("00000000-0000-0000-0000-000000000001"), "admin");
  private static TestDatabase database;

  @BeforeAll
  static void deploy(Vertx vertx, VertxTestContext ctx) {
    database = TestDatabase.create();
    DatabaseSettings settings = database.settings();
    Migrations.run(settings);
    DatabaseVerticle.Settings instance =
        new DatabaseVerticle.Settings(
            new DatabaseSettings(
                settings.host(), settings.port(), settings.database(), "postgres", "", false),
            4,
            "wrench-pg-test",
            true,
            false,
            null);
    List<Feature> features = Features.all(AppConfig.load(new JsonObject()));
    vertx
        .deployVerticle(
            new DatabaseVerticle(instance, store -> features.forEach(f -> f.store(store))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void pingAnswers(Vertx vertx, VertxTestContext ctx) {
    vertx
        .eventBus()
        .<JsonObject>request(DatabaseVerticle.PING, new JsonObject())
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertThat(reply.body()).isEqualTo(new JsonObject());
                          ctx.completeNow();
                        })));
  }

  @Test
  void createThenGetRoundTripsTheResourceShape(Vertx vertx, VertxTestContext ctx) {
    JsonObject create =
        new JsonObject()
            .put("actor", ADMIN.toJson())
            .put("body", new JsonObject().put("name", "Boiler 1").put("category", "heating"));
    vertx
        .eventBus()
        .<JsonObject>request((AssetService.ADDRESS + ".create"), create)
        .compose(
            created -> {
              JsonObject resource = created.body().getJsonObject("resource");
              ctx.verify(() -> assertThat(created.body().getBoolean("replayed")).isFalse());
              return vertx
                  .eventBus()
                  .<JsonObject>request(
                      (AssetService.ADDRESS + ".get"),
                      new JsonObject()
                          .put("actor", ADMIN.toJson())
                          .put("id", resource.getString("id")));
            })
        .onComplete(
            ctx.succeeding(
                got ->
                    ctx.verify(
                        () -> {
                          assertThat(got.body().getString("name")).isEqualTo("Boiler 1");
                          assertThat(got.body().getInteger("version")).isEqualTo(1);
                          ctx.completeNow();
                        })));
  }

  @Test
  void unknownIdFailsWith404AndAProblemOnTheWire(Vertx vertx, VertxTestContext ctx) {
    vertx
        .eventBus()
        .<JsonObject>request(
            (WorkOrderService.ADDRESS + ".get"),
            new JsonObject().put("actor", ADMIN.toJson()).put("id", UUID.randomUUID().toString()))
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          BusError error = BusError.fromReply((ReplyException) e);
                          assertThat(error).isNotNull();
                          assertThat(error.status()).isEqualTo(404);
                          assertThat(error.slug()).isEqualTo("not-found");
                          ctx.completeNow();
                        })));
  }

  @Test
  void anotherTenantsRowIsNotFound(Vertx vertx, VertxTestContext ctx) {
    Actor stranger = new Actor(UUID.randomUUID(), UUID.randomUUID(), "admin");
    JsonObject create =
        new JsonObject()
            .put("actor", ADMIN.toJson())
            .put("body", new JsonObject().put("name", "Mine"));
    vertx
        .eventBus()
        .<JsonObject>request((AssetService.ADDRESS + ".create"), create)
        .compose(
            created ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        (AssetService.ADDRESS + ".get"),
                        new JsonObject()
                            .put("actor", stranger.toJson())
                            .put("id", created.body().getJsonObject("resource").getString("id"))))
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(((ReplyException) e).failureCode()).isEqualTo(404);
                          ctx.completeNow();
                        })));
  }

  @Test
  void textTheDatabaseCannotStoreIsA400NotAServerFault(Vertx vertx, VertxTestContext ctx) {
    // The HTTP edge refuses NUL first; a path that reaches the database with it is a client error.
    JsonObject create =
        new JsonObject()
            .put("actor", ADMIN.toJson())
            .put("body", new JsonObject().put("name", "nul\u0000inside"));
    vertx
        .eventBus()
        .<JsonObject>request((AssetService.ADDRESS + ".create"), create)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          BusError error = BusError.fromReply((ReplyException) e);
                          assertThat(error).isNotNull();
                          assertThat(error.status()).isEqualTo(400);
                          assertThat(error.slug()).isEqualTo("validation");
                          ctx.completeNow();
                        })));
  }
}
