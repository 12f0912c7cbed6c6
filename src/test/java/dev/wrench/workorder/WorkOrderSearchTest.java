package dev.wrench.workorder;

import static dev.wrench.support.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.core.Actor;
import dev.wrench.store.DatabaseSettings;
import dev.wrench.store.Migrations;
import dev.wrench.store.RowSecurity;
import dev.wrench.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A search's pages equal PostgreSQL's plain answer: over 600 work orders, words whose matches are
 * common, rare, only among the oldest rows, only among the newest, and absent; every sort, several
 * page sizes, paged to the end with the cursor; never another organization's or a deleted work
 * order (the search runs on the cross-tenant path, bound to the caller's organization by its SQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkOrderSearchTest {

  private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID OTHER_ORG = UUID.randomUUID();
  private static final int ROWS = 600;

  private TestDatabase database;
  private Vertx vertx;
  private Pool pool;
  private WorkOrderRepository workOrders;
  private final Actor admin = new Actor(UUID.randomUUID(), ORG, "admin");

  @BeforeAll
  void setUp() throws Exception {
    database = TestDatabase.create();
    DatabaseSettings settings = database.settings();
    Migrations.run(settings);
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO organizations (id, name) VALUES ('" + OTHER_ORG + "', 'B')");
      // Row i is i minutes old: 1 the newest. "pump" in every third, "glycol" in every 97th,
      // "legacy" only in the oldest third, "fresh" only in the ten newest; priorities and due
      // dates vary so that every sort has ties to break.
      statement.execute(
          "INSERT INTO work_orders (org_id, number, title, priority, due_at, created_at, updated_at)"
              + " SELECT '"
              + ORG
              + "', i, 'routine check'"
              + " || CASE WHEN i % 3 = 0 THEN ' pump' ELSE '' END"
              + " || CASE WHEN i % 97 = 0 THEN ' glycol' ELSE '' END"
              + " || CASE WHEN i > 400 THEN ' legacy' ELSE '' END"
              + " || CASE WHEN i <= 10 THEN ' fresh' ELSE '' END,"
              + " (ARRAY['low','medium','high','critical'])[i % 4 + 1],"
              + " CASE WHEN i % 5 = 0 THEN NULL ELSE timestamptz '2030-01-01' + (i % 7) * interval '1 day' END,"
              + " now() - i * interval '1 minute', now() - (i % 11) * interval '1 minute'"
              + " FROM generate_series(1, "
              + ROWS
              + ") AS i");
      // Matches that must never show: another organization's, and a deleted one.
      statement.execute(
          "INSERT INTO work_orders (org_id, number, title) VALUES ('"
              + OTHER_ORG
              + "', 1, 'pump glycol legacy fresh routine check')");
      statement.execute(
          "UPDATE work_orders SET deleted_at = now() WHERE org_id = '" + ORG + "' AND number = 97");
    }
    vertx = Vertx.vertx();
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(2))
            .connectingTo(RowSecurity.connectOptions(settings, true))
            .using(vertx)
            .build();
    workOrders = new WorkOrderRepository(new RowSecurity(pool, true));
  }

  @AfterAll
  void tearDown() throws Exception {
    if (pool != null) {
      await(pool.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
    if (database != null) {
      database.close();
    }
  }

  static Stream<Arguments> searches() {
    List<Arguments> cases = new ArrayList<>();
    for (String q : List.of("pump", "glycol", "legacy", "fresh", "routine check", "zeppelin")) {
      for (String sort : List.of("-created_at", "created_at", "number", "-priority", "due_at")) {
        for (int limit : List.of(1, 7, 100)) {
          cases.add(Arguments.of(q, sort, limit));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "q={0} sort={1} limit={2}")
  @MethodSource("searches")
  void pagesAreThoseOfThePlainQuery(String q, String sort, int limit) throws Exception {
    List<String> expected = plainAnswer(q, sort);
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject query =
          new JsonObject().put("q", q).put("sort", sort).put("limit", limit).put("cursor", cursor);
      JsonObject page = await(workOrders.list(admin, query));
      page.getJsonArray("items").forEach(item -> paged.add(((JsonObject) item).getString("id")));
      assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(limit);
      cursor = page.getString("next_cursor");
    } while (cursor != null && paged.size() <= ROWS);
    assertThat(paged).containsExactlyElementsOf(expected);
  }

  /** What PostgreSQL answers for the search in one plain statement, as the superuser. */
  private List<String> plainAnswer(String q, String sort) throws Exception {
    String direction = sort.startsWith("-") ? "DESC" : "ASC";
    String key =
        switch (sort.replace("-", "")) {
          case "created_at" -> "created_at";
          case "number" -> "number";
          case "priority" -> "priority_rank";
          case "due_at" -> "coalesce(due_at, 'infinity'::timestamptz)";
          default -> throw new IllegalArgumentException(sort);
        };
    List<String> ids = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT id FROM work_orders WHERE org_id = ? AND deleted_at IS NULL"
                    + " AND search @@ websearch_to_tsquery('english', ?) ORDER BY "
                    + key
                    + " "
                    + direction
                    + ", id "
                    + direction)) {
      statement.setObject(1, ORG);
      statement.setString(2, q);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }
}
