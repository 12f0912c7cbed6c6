package dev.wrench.feature.throwaway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.app.Features;
import dev.wrench.app.MainVerticle;
import dev.wrench.feature.Feature;
import dev.wrench.http.Contract;
import dev.wrench.support.Http;
import dev.wrench.support.ProblemAssertions;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * "Adding a resource is one new folder and one line in the list of features": a feature that lives
 * only in this test package joins Wrench through one list entry and its operation in the contract,
 * and then answers over HTTP through the real router, bus, database verticles and PostgreSQL, under
 * the contract's role rule and the tenant wall, with nothing else changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneFolderOneListEntryTest {

  private WrenchServer server;
  private Http http;

  @BeforeAll
  void start() throws IOException {
    Function<AppConfig, List<Feature>> features =
        config -> {
          List<Feature> all = new ArrayList<>(Features.all(config));
          all.add(new SiteCountFeature()); // the one line
          return all;
        };
    String contract = contractWithSiteCount().toString();
    server =
        WrenchServer.start(new JsonObject(), () -> new MainVerticle(features, contract), contract);
    http = server.http();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theNewFeatureAnswersThroughTheRouterTheBusAndTheDatabase() {
    String admin = server.adminToken();
    int before = count(admin);
    for (int i = 0; i < 2; i++) {
      Http.Response created =
          http.post("/api/v1/sites")
              .token(admin)
              .json(new JsonObject().put("name", "Plant " + UUID.randomUUID()))
              .send();
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
    assertThat(count(admin)).isEqualTo(before + 2);
  }

  @Test
  void aRoleTheContractDoesNotListIsRefused() {
    String technician = server.createUser("technician").token();
    ProblemAssertions.assertProblem(
        http.get("/api/v1/site-count").token(technician).send(), 403, "/problems/forbidden");
    ProblemAssertions.assertProblem(
        http.get("/api/v1/site-count").send(), 401, "/problems/unauthorized");
  }

  @Test
  void anotherOrganizationSeesOnlyItsOwnSites() {
    http.post("/api/v1/sites")
        .token(server.adminToken())
        .json(new JsonObject().put("name", "Default org plant"))
        .send();
    UUID other = server.createOrganization("Other " + UUID.randomUUID());
    WrenchServer.User otherAdmin = server.createUserInDatabase(other, UUID.randomUUID(), "admin");
    assertThat(count(otherAdmin.token())).isZero();
  }

  private int count(String token) {
    Http.Response response = http.get("/api/v1/site-count").token(token).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getInteger("sites");
  }

  /** The project's contract plus the new feature's one operation, in a file of the test's own. */
  private static Path contractWithSiteCount() throws IOException {
    String contract = Files.readString(Path.of(Contract.PATH));
    String before = "\n  /api/v1/sites:\n";
    assertThat(contract).contains(before);
    String operation =
        String.join(
            "\n",
            "",
            "  /api/v1/site-count:",
            "    get:",
            "      operationId: countSites",
            "      summary: Count sites",
            "      tags: [sites]",
            "      x-roles: [admin, manager]",
            "      responses:",
            "        '200':",
            "          description: How many sites the caller's organization has.",
            "          content:",
            "            application/json:",
            "              schema:",
            "                type: object",
            "                required: [sites]",
            "                properties:",
            "                  sites: { type: integer }",
            "        '401': { $ref: '#/components/responses/Unauthorized' }",
            "        '403': { $ref: '#/components/responses/Forbidden' }",
            "");
    Path file = Files.createTempDirectory("wrench-contract-").resolve("wrench.yaml");
    Files.writeString(file, contract.replace(before, operation + before.substring(1)));
    return file.toAbsolutePath();
  }
}
