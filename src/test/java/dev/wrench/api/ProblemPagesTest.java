package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.http.ProblemTypes;
import dev.wrench.support.Http;
import dev.wrench.support.ProblemAssertions;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every problem {@code type} is a link that resolves: {@code /problems/<slug>} answers what the
 * problem means and what to do, as HTML for a browser and JSON otherwise, for exactly the types the
 * contract lists.
 */
class ProblemPagesTest {

  private static WrenchServer server;
  private static Http http;

  @BeforeAll
  static void start() {
    server = WrenchServer.start();
    http = server.http();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theCatalogueIsExactlyTheContractsProblemTypes() throws IOException {
    assertThat(ProblemTypes.all().stream().map(ProblemTypes.ProblemType::type))
        .containsExactlyElementsOf(contractProblemTypes());
  }

  @Test
  void everyProblemTypeHasAPageInJsonAndHtml() throws IOException {
    for (String type : contractProblemTypes()) {
      Http.Response json = http.get(type).header("Accept", "application/json").send();
      assertThat(json.status()).as(type + ": " + json).isEqualTo(200);
      assertThat(json.header("Content-Type")).startsWith("application/json");
      JsonObject page = json.json();
      assertThat(page.getString("type")).isEqualTo(type);
      assertThat(page.getString("meaning")).as(type).isNotBlank();
      assertThat(page.getString("what_to_do")).as(type).isNotBlank();

      Http.Response html =
          http.get(type).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").send();
      assertThat(html.status()).as(type + ": " + html).isEqualTo(200);
      assertThat(html.header("Content-Type")).startsWith("text/html");
      assertThat(html.body().toString())
          .contains("<h1>" + page.getString("title").replace("&", "&amp;") + "</h1>")
          .contains("What to do");
    }
  }

  @Test
  void aProblemsTypeResolvesToItsPage() {
    Http.Response missing =
        http.get("/api/v1/work-orders/" + java.util.UUID.randomUUID())
            .token(server.adminToken())
            .send();
    ProblemAssertions.assertProblem(missing, 404, "/problems/not-found");
    Http.Response page = http.get(missing.json().getString("type")).send();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().getString("title")).isEqualTo(missing.json().getString("title"));
  }

  @Test
  void anUnknownSlugIsAProblem() {
    ProblemAssertions.assertProblem(
        http.get("/problems/no-such-problem").send(), 404, "/problems/not-found");
  }

  @SuppressWarnings("unchecked")
  private static List<String> contractProblemTypes() throws IOException {
    Map<String, Object> contract =
        new Yaml().load(Files.readString(Path.of("openapi", "wrench.yaml")));
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) contract.get("components")).get("schemas");
    return (List<String>) ((Map<String, Object>) schemas.get("ProblemType")).get("enum");
  }
}
