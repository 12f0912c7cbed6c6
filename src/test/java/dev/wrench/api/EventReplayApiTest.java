package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.BusEvents;
import dev.wrench.support.EventSchemas;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /api/v1/admin/events/replay}: an admin re-publishes the events of one work order or
 * of a time range, marked as replays and in their order; other roles are refused, another
 * organization's work order does not exist, bad input changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventReplayApiTest {

  private static final String PATH = "/api/v1/admin/events/replay";

  private WrenchServer server;
  private Http http;
  private String admin;
  private BusEvents bus;

  @BeforeAll
  void start() {
    server =
        WrenchServer.start(
            new JsonObject()
                .put("events", new JsonObject().put("relay", new JsonObject().put("poll_ms", 20))));
    http = server.http();
    admin = server.adminToken();
    bus = BusEvents.collect(server.vertx());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private String workOrderWithTwoEvents() {
    String id = WorkOrders.create(http, admin, "Replay me").getString("id");
    assertThat(
            http.patch("/api/v1/work-orders/" + id)
                .token(admin)
                .header("If-Match", "\"1\"")
                .mergePatch(new JsonObject().put("status", "in_progress"))
                .send()
                .status())
        .isEqualTo(200);
    bus.await(id, 2);
    return id;
  }

  private Http.Response replay(String token, JsonObject body) {
    return http.post(PATH).token(token).json(body).send();
  }

  @Test
  void replayingAWorkOrderRepublishesItsEventsInOrderMarkedAsReplays() {
    String id = workOrderWithTwoEvents();
    List<JsonObject> originals = bus.of(id);

    Http.Response replayed = replay(admin, new JsonObject().put("work_order_id", id));
    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(202);
    assertThat(replayed.json().getInteger("replayed")).isEqualTo(2);

    List<JsonObject> events = bus.await(id, 4);
    List<JsonObject> replays = events.subList(2, 4);
    replays.forEach(EventSchemas::check);
    assertThat(replays).allSatisfy(e -> assertThat(e.getBoolean("wrenchreplay")).isTrue());
    assertThat(originals).allSatisfy(e -> assertThat(e.containsKey("wrenchreplay")).isFalse());
    // The same events (ids, types, data, times), in the same order.
    for (int i = 0; i < 2; i++) {
      JsonObject original = originals.get(i).copy();
      JsonObject replay = replays.get(i).copy();
      assertThat(replay.remove("wrenchsequence")).isNotEqualTo(original.remove("wrenchsequence"));
      replay.remove("wrenchreplay");
      assertThat(replay).isEqualTo(original);
    }

    // Replays are never replayed again: a second replay republishes the two originals only.
    assertThat(
            replay(admin, new JsonObject().put("work_order_id", id)).json().getInteger("replayed"))
        .isEqualTo(2);
  }

  @Test
  void replayingATimeRangeTakesTheEventsThatOccurredInIt() {
    Instant before = Instant.now().minusSeconds(1);
    String id = workOrderWithTwoEvents();
    Instant after = Instant.now().plusSeconds(1);
    Http.Response replayed =
        replay(
            admin,
            new JsonObject()
                .put("work_order_id", id)
                .put("from", before.toString())
                .put("to", after.toString()));
    assertThat(replayed.status()).isEqualTo(202);
    assertThat(replayed.json().getInteger("replayed")).isEqualTo(2);

    Http.Response range =
        replay(admin, new JsonObject().put("from", before.toString()).put("to", after.toString()));
    assertThat(range.status()).isEqualTo(202);
    assertThat(range.json().getInteger("replayed")).isGreaterThanOrEqualTo(2);

    Http.Response empty =
        replay(
            admin,
            new JsonObject().put("from", "2020-01-01T00:00:00Z").put("to", "2020-01-02T00:00:00Z"));
    assertThat(empty.status()).isEqualTo(202);
    assertThat(empty.json().getInteger("replayed")).isZero();
  }

  @Test
  void onlyAdminsReplay() {
    String id = workOrderWithTwoEvents();
    for (String role : List.of("manager", "technician", "requester")) {
      Http.Response refused =
          replay(server.createUser(role).token(), new JsonObject().put("work_order_id", id));
      assertThat(refused.status()).as(role).isEqualTo(403);
      assertThat(refused.json().getString("type")).isEqualTo("/problems/forbidden");
    }
  }

  @Test
  void anotherOrganizationsWorkOrderIsNotFoundAndItsEventsAreNotReplayed() {
    String id = workOrderWithTwoEvents();
    UUID otherOrg = server.createOrganization("Other tenant");
    String otherAdmin = server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin").token();

    Http.Response notFound = replay(otherAdmin, new JsonObject().put("work_order_id", id));
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.json().getString("type")).isEqualTo("/problems/not-found");

    Http.Response range =
        replay(
            otherAdmin,
            new JsonObject()
                .put("from", Instant.now().minusSeconds(3600).toString())
                .put("to", Instant.now().plusSeconds(60).toString()));
    assertThat(range.status()).isEqualTo(202);
    assertThat(range.json().getInteger("replayed")).isZero();
    assertThat(
            replay(admin, new JsonObject().put("work_order_id", UUID.randomUUID().toString()))
                .status())
        .isEqualTo(404);
  }

  @Test
  void badInputIsRefusedAndReplaysNothing() {
    String id = workOrderWithTwoEvents();
    List<JsonObject> bad =
        List.of(
            new JsonObject(),
            new JsonObject().put("from", "2026-01-01T00:00:00Z"),
            new JsonObject().put("work_order_id", "not-a-uuid"),
            new JsonObject().put("work_order_id", id).put("extra", true),
            new JsonObject().put("from", "yesterday").put("to", "2026-01-01T00:00:00Z"),
            new JsonObject().put("from", "2026-01-02T00:00:00Z").put("to", "2026-01-01T00:00:00Z"));
    for (JsonObject body : bad) {
      Http.Response refused = replay(admin, body);
      assertThat(refused.status()).as(body.encode()).isEqualTo(400);
      assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.json().getString("type")).isEqualTo("/problems/validation");
    }
    // Nothing was queued: a replay of the work order still finds only its two originals, and no
    // replayed copy reached the bus.
    assertThat(bus.of(id)).hasSize(2);
  }
}
