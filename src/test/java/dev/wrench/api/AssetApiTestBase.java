package dev.wrench.api;

import dev.wrench.support.Collection;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared fixture of the asset API tests: one server per class, a collection client, and a set
 * of assets of their own category (names out of creation order, some touched) for the sort and
 * pagination tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AssetApiTestBase {

  protected static final String ASSETS = "/api/v1/assets";

  protected WrenchServer server;
  protected Http http;
  protected String admin;
  protected Collection assets;

  /** A set of assets of their own category, for the sort and pagination tests. */
  protected String sortCategory;

  protected List<JsonObject> sortSet;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    assets = new Collection(http, ASSETS, admin);
    sortCategory = category();
    // Names out of creation order, with duplicates so that the id has to break ties.
    List<String> names =
        List.of("pump-c", "pump-a", "pump-b", "pump-a", "pump-e", "pump-d", "pump-b", "pump-a");
    List<JsonObject> created = new ArrayList<>();
    for (String name : names) {
      created.add(assets.create(new JsonObject().put("name", name).put("category", sortCategory)));
    }
    // Touch a few so that updated_at order differs from created_at order.
    List<JsonObject> set = new ArrayList<>(created);
    for (int i : new int[] {5, 0, 3}) {
      set.set(
          i, assets.patch(created.get(i), new JsonObject().put("location", "touched " + i)).json());
    }
    sortSet = List.copyOf(set);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  protected static String category() {
    return "cat-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected JsonObject create(String name, String category) {
    return assets.create(new JsonObject().put("name", name).put("category", category));
  }
}
