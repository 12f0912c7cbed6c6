package dev.wrench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second wall (row-level security, migration V50) through the service's own connection set-up
 * ({@link RowSecurity#connectOptions}): statements that deliberately leave out {@code WHERE org_id}
 * still see only their organization's rows, and statements outside any scope see none.
 */
class TenantIsolationTest {

  private static final UUID ORG_A = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID ORG_B = UUID.randomUUID();

  private static TestDatabase database;
  private static Vertx vertx;
  private static Pool pool;
  private static RowSecurity db;
  private static UUID assetOfB;

  @BeforeAll
  static void setUp() throws Exception {
    database = TestDatabase.create();
    DatabaseSettings settings = database.settings();
    Migrations.run(settings);
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO organizations (id, name) VALUES ('" + ORG_B + "', 'B')");
      statement.execute(
          "INSERT INTO work_orders (org_id, number, title) VALUES"
              + " ('"
              + ORG_A
              + "', 1, 'a-one'), ('"
              + ORG_A
              + "', 2, 'a-two'), ('"
              + ORG_B
              + "', 1, 'b-one')");
      try (ResultSet rows =
          statement.executeQuery(
              "INSERT INTO assets (org_id, name) VALUES ('" + ORG_B + "', 'pump') RETURNING id")) {
        rows.next();
        assetOfB = UUID.fromString(rows.getString(1));
      }
    }
    vertx = Vertx.vertx();
    // One connection, so that every statement of the test reuses the connection of the last.
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1))
            .connectingTo(RowSecurity.connectOptions(settings, true))
            .using(vertx)
            .build();
    db = new RowSecurity(pool, true);
  }

  @AfterAll
  static void tearDown() throws Exception {
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

  @Test
  void aQueryWithoutOrgFilterSeesOnlyItsOrganizationsRows() throws Exception {
    assertThat(titles(db.tenant(ORG_A).preparedQuery("SELECT title FROM work_orders").execute()))
        .containsExactlyInAnyOrder("a-one", "a-two");
    assertThat(titles(db.tenant(ORG_B).preparedQuery("SELECT title FROM work_orders").execute()))
        .containsExactly("b-one");
    assertThat(
            titles(
                db.tenant(ORG_A)
                    .withTransaction(
                        conn ->
                            conn.preparedQuery("SELECT title FROM work_orders WHERE number = 1")
                                .execute())))
        .containsExactly("a-one");
  }

  @Test
  void aStatementOutsideAnyScopeSeesNoTenantRowsEvenAfterAScopedOneOnTheSameConnection()
      throws Exception {
    await(db.tenant(ORG_A).preparedQuery("SELECT title FROM work_orders").execute());
    RowSet<Row> rows =
        await(
            pool.query(
                    "SELECT count(*) AS n, current_setting('wrench.org_id', true) AS org"
                        + " FROM work_orders")
                .execute());
    Row row = rows.iterator().next();
    assertThat(row.getLong("n")).isZero();
    assertThat(row.getString("org")).isNullOrEmpty();
  }

  @Test
  void aTenantCannotWriteAnotherOrganizationsRows() throws Exception {
    assertThatThrownBy(
            () ->
                await(
                    db.tenant(ORG_A)
                        .preparedQuery("INSERT INTO assets (org_id, name) VALUES ($1, 'x')")
                        .execute(Tuple.of(ORG_B))))
        .cause()
        .isInstanceOf(PgException.class)
        .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("42501"));
    RowSet<Row> updated =
        await(
            db.tenant(ORG_A)
                .preparedQuery("UPDATE assets SET name = 'stolen' WHERE id = $1")
                .execute(Tuple.of(assetOfB)));
    assertThat(updated.rowCount()).isZero();
    assertThat(
            titles(
                db.tenant(ORG_B)
                    .preparedQuery("SELECT name AS title FROM assets WHERE id = $1")
                    .execute(Tuple.of(assetOfB))))
        .containsExactly("pump");
  }

  @Test
  void aTenantCannotDrawAnotherOrganizationsWorkOrderNumbers() throws Exception {
    assertThat(
            await(
                    db.tenant(ORG_B)
                        .preparedQuery("SELECT next_wo_number($1) AS n")
                        .execute(Tuple.of(ORG_B)))
                .iterator()
                .next()
                .getLong("n"))
        .isPositive();
    assertThatThrownBy(
            () ->
                await(
                    db.tenant(ORG_A)
                        .preparedQuery("SELECT next_wo_number($1)")
                        .execute(Tuple.of(ORG_B))))
        .cause()
        .isInstanceOf(PgException.class)
        .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("42501"));
  }

  @Test
  void theSystemPathSeesEveryOrganizationForOneTransactionOnly() throws Exception {
    assertThat(titles(db.system().preparedQuery("SELECT title FROM work_orders").execute()))
        .containsExactlyInAnyOrder("a-one", "a-two", "b-one");
    Row after =
        await(pool.query("SELECT current_user AS role, count(*) AS n FROM work_orders").execute())
            .iterator()
            .next();
    assertThat(after.getString("role")).isEqualTo(RowSecurity.APP_ROLE);
    assertThat(after.getLong("n")).isZero();
  }

  @Test
  void theServiceActsAsARoleThatIsNeitherSuperuserNorBypassesRowSecurity() throws Exception {
    Row row =
        await(
                pool.query(
                        "SELECT current_user AS role, rolsuper, rolbypassrls FROM pg_roles"
                            + " WHERE rolname = current_user")
                    .execute())
            .iterator()
            .next();
    assertThat(row.getString("role")).isEqualTo(RowSecurity.APP_ROLE);
    assertThat(row.getBoolean("rolsuper")).isFalse();
    assertThat(row.getBoolean("rolbypassrls")).isFalse();
  }

  @Test
  void neitherServiceRoleCanChangeAuditRows() {
    for (RowSecurity.Scope scope : List.of(db.tenant(ORG_A), db.system())) {
      assertThatThrownBy(
              () -> await(scope.preparedQuery("UPDATE audit_events SET outcome = 'x'").execute()))
          .cause()
          .isInstanceOf(PgException.class)
          .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("42501"));
      assertThatThrownBy(() -> await(scope.preparedQuery("DELETE FROM audit_events").execute()))
          .cause()
          .isInstanceOf(PgException.class)
          .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("42501"));
    }
  }

  /** Guards later migrations: a new table with an org_id must get the wall too. */
  @Test
  void everyTableWithAnOrgIdHasForcedRowSecurityAndBothPolicies() throws Exception {
    List<String> unguarded = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT c.relname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id'"
                    + "   AND NOT a.attisdropped"
                    + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                    + "   AND NOT (c.relrowsecurity AND c.relforcerowsecurity"
                    + "     AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname"
                    + "       AND p.schemaname = n.nspname AND 'wrench_app' = ANY (p.roles))"
                    + "     AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname"
                    + "       AND p.schemaname = n.nspname AND 'wrench_system' = ANY (p.roles)))")) {
      while (rows.next()) {
        unguarded.add(rows.getString(1));
      }
    }
    assertThat(unguarded).as("tables with org_id but without the RLS wall").isEmpty();
  }

  private static List<String> titles(Future<RowSet<Row>> query) throws Exception {
    List<String> titles = new ArrayList<>();
    for (Row row : await(query)) {
      titles.add(row.getString("title"));
    }
    return titles;
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
