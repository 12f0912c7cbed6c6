package dev.wrench.api;

import dev.wrench.support.Collection;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared fixture of the technician API tests: one server per class, a collection client, and a
 * set of technicians sharing a skill of their own (names out of creation order, some touched) for
 * the sort and pagination tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TechnicianApiTestBase {

  protected static final String TECHNICIANS = "/api/v1/technicians";

  protected WrenchServer server;
  protected Http http;
  protected String admin;
  protected Collection technicians;

  /** Technicians sharing a skill of their own, for the sort and pagination tests. */
  protected String sortSkill;

  protected List<JsonObject> sortSet;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    technicians = new Collection(http, TECHNICIANS, admin);
    sortSkill = skill();
    List<String> names =
        List.of("tech-c", "tech-a", "tech-b", "tech-a", "tech-e", "tech-d", "tech-b", "tech-a");
    List<JsonObject> created = new ArrayList<>();
    for (String name : names) {
      created.add(
          technicians.create(
              new JsonObject().put("name", name).put("skills", new JsonArray().add(sortSkill))));
    }
    List<JsonObject> set = new ArrayList<>(created);
    for (int i : new int[] {6, 1, 4}) {
      set.set(
          i,
          technicians
              .patch(created.get(i), new JsonObject().put("email", "touched" + i + "@wrench.test"))
              .json());
    }
    sortSet = List.copyOf(set);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  protected static String skill() {
    return "skill-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected JsonObject create(String name, String... skills) {
    return technicians.create(
        new JsonObject()
            .put("name", name)
            .put("skills", new JsonArray(List.of((Object[]) skills))));
  }
}
