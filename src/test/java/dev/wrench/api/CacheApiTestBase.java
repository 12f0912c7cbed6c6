package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.asset.AssetService;
import dev.wrench.bus.SameLoop;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import dev.wrench.technician.TechnicianService;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads of single work orders, assets and technicians through the cache, as a client sees them:
 * served from the cache (the database is not asked again), never stale after the client's own
 * write, never another tenant's row or a row the caller may not see. Database reads are counted on
 * the event bus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CacheApiTestBase {

  protected WrenchServer server;
  protected Http http;
  protected String admin;
  private final Map<String, AtomicInteger> databaseReads = new ConcurrentHashMap<>();

  /** The configuration of the cache under test. */
  protected abstract JsonObject overrides();

  @BeforeAll
  void start() {
    server = WrenchServer.start(overrides());
    http = server.http();
    admin = server.adminToken();
    server
        .vertx()
        .eventBus()
        .addOutboundInterceptor(
            delivery -> {
              // Served on the sender's own event loop: the address's copy there (bus.SameLoop).
              String address = SameLoop.shared(delivery.message().address());
              if (address.startsWith("wrench.db.") && address.endsWith(".get")) {
                databaseReads.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
              }
              delivery.next();
            });
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  protected int reads(String address) {
    return databaseReads.computeIfAbsent(address, a -> new AtomicInteger()).get();
  }

  protected Http.Response get(String token, String path) {
    return http.get(path).token(token).send();
  }

  @Test
  void aSecondReadIsServedFromTheCache() {
    JsonObject wo = WorkOrders.create(http, admin, "cached read");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    int before = reads((WorkOrderService.ADDRESS + ".get"));
    assertThat(get(admin, path).json()).isEqualTo(wo);
    assertThat(reads((WorkOrderService.ADDRESS + ".get"))).isEqualTo(before + 1);
    Http.Response again = get(admin, path);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(wo);
    assertThat(again.header("ETag")).isEqualTo("\"1\"");
    assertThat(reads((WorkOrderService.ADDRESS + ".get"))).isEqualTo(before + 1);
    // Conditional reads work from the cache too.
    Http.Response notModified = http.get(path).token(admin).header("If-None-Match", "\"1\"").send();
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(reads((WorkOrderService.ADDRESS + ".get"))).isEqualTo(before + 1);
  }

  @Test
  void aClientNeverReadsItsOwnWriteStale() {
    JsonObject wo = WorkOrders.create(http, admin, "before");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    get(admin, path);
    get(admin, path); // cached at version 1
    for (int version = 1; version <= 5; version++) {
      Http.Response patched =
          http.patch(path)
              .token(admin)
              .header("If-Match", "\"" + version + "\"")
              .mergePatch(new JsonObject().put("title", "after " + version))
              .send();
      assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
      Http.Response read = get(admin, path);
      assertThat(read.json().getInteger("version")).isEqualTo(version + 1);
      assertThat(read.json().getString("title")).isEqualTo("after " + version);
      assertThat(read.header("ETag")).isEqualTo("\"" + (version + 1) + "\"");
      // A client holding the old version is not told it is current.
      Http.Response conditional =
          http.get(path).token(admin).header("If-None-Match", "\"" + version + "\"").send();
      assertThat(conditional.status()).isEqualTo(200);
    }
  }

  @Test
  void concurrentMissesOfOneKeyCauseOneDatabaseRead() {
    JsonObject wo = WorkOrders.create(http, admin, "stampede");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    int before = reads((WorkOrderService.ADDRESS + ".get"));
    List<Future<Http.Response>> reads = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      reads.add(http.get(path).token(admin).sendAsync());
    }
    for (Future<Http.Response> read : reads) {
      Http.Response response = Http.await(read);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json()).isEqualTo(wo);
    }
    assertThat(reads((WorkOrderService.ADDRESS + ".get"))).isEqualTo(before + 1);
  }

  @Test
  void aCachedWorkOrderIsShownOnlyToWhoMaySeeIt() {
    WrenchServer.User owner = server.createUser("requester");
    WrenchServer.User other = server.createUser("requester");
    JsonObject wo = WorkOrders.create(http, owner.token(), "mine");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    assertThat(get(admin, path).status()).isEqualTo(200); // cached by an admin's read
    int before = reads((WorkOrderService.ADDRESS + ".get"));
    Http.Response hidden = get(other.token(), path);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.json().getString("type")).isEqualTo("/problems/not-found");
    assertThat(hidden.json().getString("detail")).isEqualTo("work order not found");
    assertThat(get(owner.token(), path).json()).isEqualTo(wo);
    assertThat(reads((WorkOrderService.ADDRESS + ".get")))
        .as("both answered from the cache")
        .isEqualTo(before);

    // The other way round: a requester's miss that the database refuses caches nothing wrong.
    JsonObject adminsOwn = WorkOrders.create(http, admin, "not a requester's");
    String adminsPath = "/api/v1/work-orders/" + adminsOwn.getString("id");
    assertThat(get(other.token(), adminsPath).status()).isEqualTo(404);
    assertThat(get(admin, adminsPath).json()).isEqualTo(adminsOwn);
    assertThat(get(other.token(), adminsPath).status()).isEqualTo(404);
  }

  @Test
  void anotherOrganizationNeverGetsACachedRow() {
    JsonObject wo = WorkOrders.create(http, admin, "tenant one");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    get(admin, path);
    String otherAdmin = adminOfANewOrganization();
    Http.Response foreign = get(otherAdmin, path);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(get(otherAdmin, path).status()).isEqualTo(404);
    assertThat(get(admin, path).json()).isEqualTo(wo);
  }

  @Test
  void aDeletedWorkOrderIsGoneEvenWhenItWasCached() {
    JsonObject wo = WorkOrders.create(http, admin, "to delete");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    get(admin, path);
    assertThat(http.delete(path).token(admin).send().status()).isEqualTo(204);
    assertThat(get(admin, path).status()).isEqualTo(404);
    assertThat(get(admin, path).status()).isEqualTo(404);
  }

  @Test
  void assetsAndTechniciansAreCachedAndInvalidatedByTheirWrites() {
    Http.Response asset =
        http.post("/api/v1/assets").token(admin).json(new JsonObject().put("name", "AHU-1")).send();
    String assetPath = "/api/v1/assets/" + asset.json().getString("id");
    Http.Response technician =
        http.post("/api/v1/technicians")
            .token(admin)
            .json(new JsonObject().put("name", "Ana"))
            .send();
    String technicianPath = "/api/v1/technicians/" + technician.json().getString("id");
    int assetReads = reads((AssetService.ADDRESS + ".get"));
    int technicianReads = reads((TechnicianService.ADDRESS + ".get"));
    for (int i = 0; i < 3; i++) {
      assertThat(get(admin, assetPath).json()).isEqualTo(asset.json());
      assertThat(get(admin, technicianPath).json()).isEqualTo(technician.json());
    }
    assertThat(reads((AssetService.ADDRESS + ".get"))).isEqualTo(assetReads + 1);
    assertThat(reads((TechnicianService.ADDRESS + ".get"))).isEqualTo(technicianReads + 1);

    http.patch(assetPath)
        .token(admin)
        .header("If-Match", "\"1\"")
        .mergePatch(new JsonObject().put("location", "Roof"))
        .send();
    assertThat(get(admin, assetPath).json().getString("location")).isEqualTo("Roof");
    http.patch(technicianPath)
        .token(admin)
        .header("If-Match", "\"1\"")
        .mergePatch(new JsonObject().put("name", "Ana M."))
        .send();
    assertThat(get(admin, technicianPath).json().getString("name")).isEqualTo("Ana M.");
    assertThat(http.delete(technicianPath).token(admin).send().status()).isEqualTo(204);
    assertThat(get(admin, technicianPath).status()).isEqualTo(404);
    assertThat(http.delete(assetPath).token(admin).send().status()).isEqualTo(204);
    assertThat(get(admin, assetPath).status()).isEqualTo(404);
  }

  @Test
  void aRefusedWriteLeavesTheCachedRowInPlace() {
    JsonObject wo = WorkOrders.create(http, admin, "stale if-match");
    String path = "/api/v1/work-orders/" + wo.getString("id");
    get(admin, path);
    int before = reads((WorkOrderService.ADDRESS + ".get"));
    Http.Response stale =
        http.patch(path)
            .token(admin)
            .header("If-Match", "\"7\"")
            .mergePatch(new JsonObject().put("title", "nope"))
            .send();
    assertThat(stale.status()).isEqualTo(412);
    assertThat(get(admin, path).json()).isEqualTo(wo);
    assertThat(reads((WorkOrderService.ADDRESS + ".get"))).isEqualTo(before);
  }

  /** A second organization and its admin. */
  private String adminOfANewOrganization() {
    UUID org = server.createOrganization("Other");
    return server.createUserInDatabase(org, UUID.randomUUID(), "admin").token();
  }
}
