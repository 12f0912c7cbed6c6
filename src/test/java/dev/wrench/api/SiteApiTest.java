package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Tokens;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sites and teams, and roles limited to their sites: a user made with {@code site_ids} sees only
 * those sites' assets and work orders (a work order's site is its asset's) on lists, gets,
 * searches, changes and sub-resources, all enforced in the SQL; another site's row is 404. An
 * unscoped user sees all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteApiTest {

  private static final String SITES = "/api/v1/sites";
  private static final String PASSWORD = "a-long-passphrase-42";

  private WrenchServer server;
  private Http http;
  private String admin;
  private String north;
  private String south;
  private JsonObject northAsset;
  private JsonObject southAsset;
  private JsonObject northOrder;
  private JsonObject southOrder;
  private JsonObject siteLessOrder;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    north = created(http.post(SITES).token(admin).json(new JsonObject().put("name", "North")));
    south = created(http.post(SITES).token(admin).json(new JsonObject().put("name", "South")));
    northAsset = asset("north pump", north);
    southAsset = asset("south pump", south);
    northOrder =
        WorkOrders.create(
            http,
            admin,
            new JsonObject().put("title", "Leaking valve north").put("asset_id", id(northAsset)));
    southOrder =
        WorkOrders.create(
            http,
            admin,
            new JsonObject().put("title", "Leaking valve south").put("asset_id", id(southAsset)));
    siteLessOrder = WorkOrders.create(http, admin, "Leaking valve nowhere");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String created(Http.Call call) {
    Http.Response response = call.send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  private JsonObject asset(String name, String siteId) {
    Http.Response response =
        http.post("/api/v1/assets")
            .token(admin)
            .json(new JsonObject().put("name", name).put("site_id", siteId))
            .send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.json().getString("site_id")).isEqualTo(siteId);
    return response.json();
  }

  private static List<String> ids(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.items().stream()
        .map(item -> ((JsonObject) item).getString("id"))
        .collect(Collectors.toList());
  }

  private static String id(JsonObject resource) {
    return resource.getString("id");
  }

  @Test
  void anAdminManagesSitesAndOtherRolesOnlyRead() {
    String id = created(http.post(SITES).token(admin).json(new JsonObject().put("name", "East")));
    String technician = server.createUser("technician").token();
    assertThat(http.get(SITES + "/" + id).token(technician).send().status()).isEqualTo(200);
    assertThat(ids(http.get(SITES).token(technician).send())).contains(id, north, south);
    assertThat(
            http.post(SITES)
                .token(technician)
                .json(new JsonObject().put("name", "Mine"))
                .send()
                .status())
        .isEqualTo(403);
    Http.Response renamed =
        http.patch(SITES + "/" + id)
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("name", "East wing"))
            .send();
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().getString("name")).isEqualTo("East wing");
    assertThat(http.delete(SITES + "/" + id).token(technician).send().status()).isEqualTo(403);
    assertThat(http.delete(SITES + "/" + id).token(admin).send().status()).isEqualTo(204);
    assertThat(http.get(SITES + "/" + id).token(admin).send().status()).isEqualTo(404);
    // A delete is audited (written after the operation, hence the wait).
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        http
                            .get("/api/v1/audit-events?action=site.delete")
                            .token(admin)
                            .send()
                            .items()
                            .stream()
                            .map(e -> ((JsonObject) e).getString("target_id")))
                    .contains(id));
  }

  @Test
  void anotherTenantsSiteIs404AndCannotBeUsed() {
    String email = "first-" + UUID.randomUUID().toString().substring(0, 8) + "@tenant.test";
    Http.Response org =
        http.post("/api/v1/organizations")
            .token(admin)
            .json(
                new JsonObject()
                    .put("name", "Other")
                    .put(
                        "admin",
                        new JsonObject()
                            .put("email", email)
                            .put("name", "First")
                            .put("password", PASSWORD)))
            .send();
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    String otherAdmin = Tokens.login(http, email, PASSWORD);
    assertThat(http.get(SITES + "/" + north).token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(ids(http.get(SITES).token(otherAdmin).send())).doesNotContain(north, south);
    assertThat(
            http.patch(SITES + "/" + north)
                .token(otherAdmin)
                .header("If-Match", "\"1\"")
                .json(new JsonObject().put("name", "Stolen"))
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.delete(SITES + "/" + north).token(otherAdmin).send().status()).isEqualTo(404);
    String team =
        created(http.post("/api/v1/teams").token(admin).json(new JsonObject().put("name", "T")));
    assertThat(http.get("/api/v1/teams/" + team).token(otherAdmin).send().status()).isEqualTo(404);
    assertThat(
            http.patch("/api/v1/teams/" + team)
                .token(otherAdmin)
                .header("If-Match", "\"1\"")
                .json(new JsonObject().put("name", "Stolen"))
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.delete("/api/v1/teams/" + team).token(otherAdmin).send().status())
        .isEqualTo(404);
    // Neither an asset nor a user of theirs may name our site.
    assertThat(
            http.post("/api/v1/assets")
                .token(otherAdmin)
                .json(new JsonObject().put("name", "x").put("site_id", north))
                .send()
                .status())
        .isEqualTo(422);
    assertThat(
            http.post("/api/v1/users")
                .token(otherAdmin)
                .json(
                    new JsonObject()
                        .put("email", "x-" + email)
                        .put("role", "technician")
                        .put("password", PASSWORD)
                        .put("site_ids", new JsonArray().add(north)))
                .send()
                .status())
        .isEqualTo(422);
  }

  @Test
  void aSiteScopedTechnicianSeesOnlyItsSitesAssetsAndWorkOrders() {
    String technician = server.createUser("technician", List.of(north)).token();
    assertThat(ids(http.get("/api/v1/assets").token(technician).send()))
        .containsExactly(id(northAsset));
    assertThat(ids(http.get("/api/v1/assets?site_id=" + south).token(technician).send())).isEmpty();
    assertThat(ids(http.get("/api/v1/work-orders").token(technician).send()))
        .containsExactly(id(northOrder));
    assertThat(ids(http.get("/api/v1/work-orders?q=leaking").token(technician).send()))
        .containsExactly(id(northOrder));
    assertThat(
            ids(
                http.get("/api/v1/work-orders?asset_id=" + id(southAsset))
                    .token(technician)
                    .send()))
        .isEmpty();
    assertThat(http.get("/api/v1/assets/" + id(northAsset)).token(technician).send().status())
        .isEqualTo(200);
    assertThat(http.get("/api/v1/work-orders/" + id(northOrder)).token(technician).send().status())
        .isEqualTo(200);
    // Read by the admin first, so that the shared cache holds them: still 404 for the technician.
    for (String path :
        List.of(
            "/api/v1/assets/" + id(southAsset),
            "/api/v1/work-orders/" + id(southOrder),
            "/api/v1/work-orders/" + id(siteLessOrder))) {
      assertThat(http.get(path).token(admin).send().status()).isEqualTo(200);
      assertThat(http.get(path).token(technician).send().status()).as(path).isEqualTo(404);
    }
    assertThat(
            http.get("/api/v1/work-orders/" + id(southOrder) + "/history")
                .token(technician)
                .send()
                .status())
        .isEqualTo(404);
    assertThat(
            http.get("/api/v1/work-orders/" + id(southOrder) + "/comments")
                .token(technician)
                .send()
                .status())
        .isEqualTo(404);
    assertThat(
            http.get("/api/v1/work-orders/" + id(southOrder) + "/attachments")
                .token(technician)
                .send()
                .status())
        .isEqualTo(404);
    assertThat(
            http.get("/api/v1/work-orders/" + id(northOrder) + "/attachments")
                .token(technician)
                .send()
                .status())
        .isEqualTo(200);
  }

  @Test
  void aSiteScopedManagerChangesOnlyItsSitesRows() {
    String manager = server.createUser("manager", List.of(north)).token();
    Http.Response patched =
        http.patch("/api/v1/work-orders/" + id(southOrder))
            .token(manager)
            .header("If-Match", "\"" + southOrder.getInteger("version") + "\"")
            .json(new JsonObject().put("priority", "high"))
            .send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(404);
    assertThat(
            http.patch("/api/v1/assets/" + id(southAsset))
                .token(manager)
                .header("If-Match", "\"" + southAsset.getInteger("version") + "\"")
                .json(new JsonObject().put("name", "mine now"))
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.delete("/api/v1/work-orders/" + id(southOrder)).token(manager).send().status())
        .isEqualTo(404);
    assertThat(http.delete("/api/v1/assets/" + id(southAsset)).token(manager).send().status())
        .isEqualTo(404);
    assertThat(
            http.post("/api/v1/work-orders/" + id(southOrder) + "/comments")
                .token(manager)
                .json(new JsonObject().put("body", "not yours"))
                .send()
                .status())
        .isEqualTo(404);
    // Nothing changed for the admin.
    JsonObject southNow =
        http.get("/api/v1/work-orders/" + id(southOrder)).token(admin).send().json();
    assertThat(southNow.getString("priority")).isEqualTo(southOrder.getString("priority"));
    // Its own site's rows it may change.
    Http.Response own = http.get("/api/v1/work-orders/" + id(northOrder)).token(manager).send();
    Http.Response changed =
        http.patch("/api/v1/work-orders/" + id(northOrder))
            .token(manager)
            .header("If-Match", own.header("ETag"))
            .json(new JsonObject().put("description", "seen by north"))
            .send();
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
  }

  @Test
  void anUnscopedUserSeesEverySite() {
    String technician = server.createUser("technician", List.of()).token();
    assertThat(ids(http.get("/api/v1/assets").token(technician).send()))
        .contains(id(northAsset), id(southAsset));
    assertThat(ids(http.get("/api/v1/work-orders?limit=100").token(technician).send()))
        .contains(id(northOrder), id(southOrder), id(siteLessOrder));
    assertThat(http.get("/api/v1/work-orders/" + id(southOrder)).token(technician).send().status())
        .isEqualTo(200);
  }

  @Test
  void teamsBelongToASiteAndTechniciansToATeamAndASite() {
    Http.Response team =
        http.post("/api/v1/teams")
            .token(admin)
            .json(new JsonObject().put("name", "HVAC crew").put("site_id", north))
            .send();
    assertThat(team.status()).as(team.toString()).isEqualTo(201);
    String teamId = team.json().getString("id");
    assertThat(team.json().getString("site_id")).isEqualTo(north);
    Http.Response technician =
        http.post("/api/v1/technicians")
            .token(admin)
            .json(new JsonObject().put("name", "Ana").put("site_id", north).put("team_id", teamId))
            .send();
    assertThat(technician.status()).as(technician.toString()).isEqualTo(201);
    assertThat(technician.json().getString("team_id")).isEqualTo(teamId);
    assertThat(technician.json().getString("site_id")).isEqualTo(north);
    assertThat(ids(http.get("/api/v1/technicians?team_id=" + teamId).token(admin).send()))
        .containsExactly(technician.json().getString("id"));
    assertThat(ids(http.get("/api/v1/teams?site_id=" + north).token(admin).send()))
        .contains(teamId);
    // Only admins manage teams; an unknown team or site is 422.
    String manager = server.createUser("manager").token();
    assertThat(http.get("/api/v1/teams/" + teamId).token(manager).send().status()).isEqualTo(200);
    assertThat(
            http.post("/api/v1/teams")
                .token(manager)
                .json(new JsonObject().put("name", "Mine"))
                .send()
                .status())
        .isEqualTo(403);
    assertThat(
            http.post("/api/v1/teams")
                .token(admin)
                .json(
                    new JsonObject().put("name", "x").put("site_id", UUID.randomUUID().toString()))
                .send()
                .status())
        .isEqualTo(422);
    assertThat(
            http.post("/api/v1/technicians")
                .token(admin)
                .json(
                    new JsonObject().put("name", "Bo").put("team_id", UUID.randomUUID().toString()))
                .send()
                .status())
        .isEqualTo(422);
  }

  @Test
  void siteIdsMustNameSitesOfTheOrganization() {
    Http.Response refused =
        http.post("/api/v1/users")
            .token(admin)
            .json(
                new JsonObject()
                    .put(
                        "email",
                        "nosite-" + UUID.randomUUID().toString().substring(0, 8) + "@x.test")
                    .put("role", "technician")
                    .put("password", PASSWORD)
                    .put("site_ids", new JsonArray().add(UUID.randomUUID().toString())))
            .send();
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
  }
}
