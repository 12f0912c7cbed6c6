package dev.wrench.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request from an event loop is served by the instance on that loop, and by any instance when its
 * loop has none: the one-loop path of issue 16, checked by the thread that answers.
 */
class SameLoopTest {

  private static final String ECHO = "wrench.test.echo";

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

  @AfterEach
  void close() {
    Http.await(vertx.close());
  }

  /** Answers with the name of the thread that served the request. */
  private static final class Server extends VerticleBase {
    @Override
    public Future<?> start() {
      return Future.all(
          SameLoop.<JsonObject>localConsumers(
                  vertx.eventBus(),
                  ECHO,
                  (Message<JsonObject> m) ->
                      m.reply(new JsonObject().put("thread", Thread.currentThread().getName())))
              .stream()
              .map(c -> c.completion())
              .toList());
    }
  }

  /** Asks {@code rounds} times from its own loop; records which threads answered. */
  private static final class Client extends VerticleBase {
    private final ConcurrentMap<String, List<String>> answered;

    Client(ConcurrentMap<String, List<String>> answered) {
      this.answered = answered;
    }

    @Override
    public Future<?> start() {
      String here = Thread.currentThread().getName();
      List<Future<String>> asked =
          java.util.stream.IntStream.range(0, 10)
              .mapToObj(
                  i ->
                      vertx
                          .eventBus()
                          .<JsonObject>request(SameLoop.nearest(ECHO), new JsonObject())
                          .map(reply -> reply.body().getString("thread")))
              .toList();
      return Future.all(asked)
          .onSuccess(all -> answered.put(here, asked.stream().map(Future::result).toList()));
    }
  }

  @Test
  void aRequestFromALoopIsServedOnThatLoop() {
    Http.await(vertx.deployVerticle(Server::new, new DeploymentOptions().setInstances(2)));
    ConcurrentMap<String, List<String>> answered = new ConcurrentHashMap<>();
    Http.await(
        vertx.deployVerticle(() -> new Client(answered), new DeploymentOptions().setInstances(2)));

    assertThat(answered).hasSize(2);
    answered.forEach((client, servers) -> assertThat(servers).containsOnly(client));
  }

  @Test
  void withoutAnInstanceOnItsLoopARequestGoesToTheSharedAddress() {
    // Not on an event loop: the test's own thread.
    assertThat(SameLoop.nearest(ECHO)).isEqualTo(ECHO);

    Http.await(vertx.deployVerticle(new Server()));
    ConcurrentMap<String, List<String>> answered = new ConcurrentHashMap<>();
    Http.await(
        vertx.deployVerticle(() -> new Client(answered), new DeploymentOptions().setInstances(2)));
    // One client shares the server's loop; the other's requests cross to it.
    assertThat(answered.values()).allSatisfy(servers -> assertThat(servers).hasSize(10));
    assertThat(answered.values().stream().flatMap(List::stream).distinct()).hasSize(1);
  }

  @Test
  void aCopyWhoseConsumerIsGoneIsForgotten() {
    io.vertx.core.Context loop = vertx.getOrCreateContext();
    io.vertx.core.Promise<List<String>> seen = io.vertx.core.Promise.promise();
    loop.runOnContext(
        v -> {
          var consumers =
              SameLoop.<JsonObject>localConsumers(vertx.eventBus(), ECHO, m -> m.reply(null));
          String before = SameLoop.nearest(ECHO);
          consumers
              .get(1)
              .unregister()
              .onComplete(gone -> seen.complete(List.of(before, SameLoop.nearest(ECHO))));
        });
    List<String> addresses = Http.await(seen.future());
    assertThat(addresses.get(0)).startsWith(ECHO + SameLoop.LOOP_SUFFIX);
    assertThat(addresses.get(1)).isEqualTo(ECHO);
  }

  @Test
  void theCodecHandsTheObjectOverInTheProcessAndEncodesItBetweenNodes() {
    JsonObject request = new JsonObject().put("a", 1).put("b", new JsonObject().put("c", "d"));
    vertx
        .eventBus()
        .<JsonObject>localConsumer(
            ECHO, m -> m.reply(new JsonObject().put("same", m.body() == request)));
    JsonObject reply =
        Http.await(
            vertx
                .eventBus()
                .<JsonObject>request(
                    ECHO,
                    request,
                    UncopiedJson.on(vertx.eventBus(), new io.vertx.core.eventbus.DeliveryOptions()))
                .map(Message::body));
    assertThat(reply.getBoolean("same")).isTrue();

    // Registering twice on one bus is fine (every client and server asks for it).
    UncopiedJson.on(vertx.eventBus(), new io.vertx.core.eventbus.DeliveryOptions());

    io.vertx.core.buffer.Buffer wire = io.vertx.core.buffer.Buffer.buffer().appendString("xy");
    UncopiedJson codec = new UncopiedJson();
    codec.encodeToWire(wire, request);
    assertThat(codec.decodeFromWire(2, wire)).isEqualTo(request);
    assertThat(codec.transform(request)).isSameAs(request);
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
    assertThat(codec.name()).isEqualTo(UncopiedJson.NAME);
  }
}
