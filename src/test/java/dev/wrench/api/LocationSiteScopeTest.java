package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Locations and the caller's sites (issue 19): a user limited to sites places locations in them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocationSiteScopeTest {

  private static final String LOCATIONS = "/api/v1/locations";

  private WrenchServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A manager limited to one site places locations in it only: a root or child in another site, or
   * in none, is 422; a parent in another site is as unknown as a missing one; a move to another
   * site is 422 and changes nothing.
   */
  @Test
  void aSiteScopedManagerPlacesLocationsOnlyInItsSites() {
    String north = site("North");
    String south = site("South");
    String manager = server.createUser("manager", List.of(north)).token();
    JsonObject southRoot =
        http.post(LOCATIONS)
            .token(admin)
            .json(new JsonObject().put("name", "South plant").put("site_id", south))
            .send()
            .json();

    Http.Response elsewhere =
        http.post(LOCATIONS)
            .token(manager)
            .json(new JsonObject().put("name", "Not mine").put("site_id", south))
            .send();
    assertProblem(elsewhere, 422, "/problems/unprocessable");
    assertThat(pointers(elsewhere)).containsExactly("/site_id");
    Http.Response nowhere =
        http.post(LOCATIONS).token(manager).json(new JsonObject().put("name", "No site")).send();
    assertProblem(nowhere, 422, "/problems/unprocessable");
    Http.Response underSouth =
        http.post(LOCATIONS)
            .token(manager)
            .json(new JsonObject().put("name", "Hall").put("parent_id", southRoot.getString("id")))
            .send();
    assertProblem(underSouth, 422, "/problems/unprocessable");
    assertThat(pointers(underSouth)).containsExactly("/parent_id");

    Http.Response mine =
        http.post(LOCATIONS)
            .token(manager)
            .json(new JsonObject().put("name", "North plant").put("site_id", north))
            .send();
    assertThat(mine.status()).as(mine.toString()).isEqualTo(201);
    Http.Response child =
        http.post(LOCATIONS)
            .token(manager)
            .json(
                new JsonObject()
                    .put("name", "North hall")
                    .put("parent_id", mine.json().getString("id")))
            .send();
    assertThat(child.status()).as(child.toString()).isEqualTo(201);
    assertThat(child.json().getString("site_id")).isEqualTo(north);

    Http.Response moved =
        http.patch(LOCATIONS + "/" + mine.json().getString("id"))
            .token(manager)
            .header("If-Match", mine.header("ETag"))
            .json(new JsonObject().put("site_id", south))
            .send();
    assertProblem(moved, 422, "/problems/unprocessable");
    assertThat(
            http.get(LOCATIONS + "/" + mine.json().getString("id"))
                .token(admin)
                .send()
                .json()
                .getString("site_id"))
        .isEqualTo(north);
    assertThat(
            http.get(LOCATIONS + "?site_id=" + south).token(admin).send().items().stream()
                .map(i -> ((JsonObject) i).getString("name"))
                .toList())
        .containsExactly("South plant");
  }

  private String site(String name) {
    Http.Response created =
        http.post("/api/v1/sites")
            .token(admin)
            .json(new JsonObject().put("name", name + " " + UUID.randomUUID()))
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
