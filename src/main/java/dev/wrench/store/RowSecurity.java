package dev.wrench.store;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The second wall between tenants, inside PostgreSQL (migration V50): every table with an {@code
 * org_id} has row-level security forced, and the service's connections act as the role {@code
 * wrench_app}, which sees only the rows of the organization named by the transaction-local setting
 * {@code wrench.org_id}. A query that forgets its {@code WHERE org_id = …} therefore still sees
 * only its own tenant's rows; one run outside {@link #tenant} sees none at all.
 *
 * <p>The setting is made with {@code set_config(…, true)} inside the transaction that runs the
 * work, so it ends with that transaction: a pooled connection never carries one request's
 * organization into the next. Work that legitimately spans organizations (log-in by e-mail, token
 * and key look-ups, the outbox relay, the attachment worker, sweeps, platform operations) runs
 * through {@link #system}, which switches to the role {@code wrench_system} for one transaction
 * only; docs/security.md lists every such path.
 *
 * <p>With the wall switched off ({@code database.row_security: false}, for benchmarks only) both
 * scopes run straight on the pool as the connecting role, as before the wall existed.
 */
public final class RowSecurity {

  /** The transaction-local setting the policies read. */
  public static final String ORG_SETTING = "wrench.org_id";

  /** The role every pooled connection acts as: subject to the tenant policies. */
  static final String APP_ROLE = "wrench_app";

  /** The role of the cross-tenant path, taken for one transaction at a time. */
  static final String SYSTEM_ROLE = "wrench_system";

  private static final String SET_ORG = "SELECT set_config('" + ORG_SETTING + "', $1, true)";
  private static final String SET_ROLE = "SELECT set_config('role', $1, true)";

  private final Pool pool;
  private final boolean enabled;

  public RowSecurity(Pool pool, boolean enabled) {
    this.pool = pool;
    this.enabled = enabled;
  }

  /**
   * How the service's pool connects. With the wall on, every connection acts as {@link #APP_ROLE}
   * from its start: a startup option, not a statement, so that it holds before the first query and
   * RESET ROLE or the end of a SET LOCAL ROLE come back to it. A statement that runs outside this
   * class's scopes then sees no tenant's rows at all.
   */
  public static PgConnectOptions connectOptions(DatabaseSettings settings, boolean enabled) {
    PgConnectOptions options = settings.connectOptions();
    if (enabled) {
      options.addProperty("options", "-c role=" + APP_ROLE);
    }
    return options;
  }

  /** Statements that see only the rows of {@code orgId}. */
  public Scope tenant(UUID orgId) {
    return new Scope(SET_ORG, orgId.toString());
  }

  /** The narrow cross-tenant path: statements run as the system role for one transaction. */
  public Scope system() {
    return new Scope(SET_ROLE, SYSTEM_ROLE);
  }

  /** A statement and its parameters, one of a {@link Scope#pipeline}. */
  public record Sql(String text, Tuple params) {}

  /** A statement to run once in its scope. */
  public interface Statement {
    Future<RowSet<Row>> execute(Tuple params);

    Future<RowSet<Row>> execute();
  }

  /** One scope: each statement, or each unit of work, in a transaction that sets it up first. */
  public final class Scope {
    private final String setter;
    private final String value;

    private Scope(String setter, String value) {
      this.setter = setter;
      this.value = value;
    }

    public Statement preparedQuery(String sql) {
      return new Statement() {
        @Override
        public Future<RowSet<Row>> execute(Tuple params) {
          return enabled ? once(sql, params) : pool.preparedQuery(sql).execute(params);
        }

        @Override
        public Future<RowSet<Row>> execute() {
          return execute(Tuple.tuple());
        }
      };
    }

    public Statement query(String sql) {
      return preparedQuery(sql);
    }

    /**
     * One statement in its scope, in one round trip: BEGIN, the setting, the statement and COMMIT
     * are issued together (the client pipelines commands issued without waiting for each other,
     * where a {@link io.vertx.sqlclient.Transaction} waits for each answer before the next
     * command). Right for a single statement only: when it fails, PostgreSQL answers the COMMIT
     * with a rollback and the statement's failure is the result; a unit of work that could recover
     * from a failed statement needs {@link #withTransaction}, whose commit fails then.
     */
    private Future<RowSet<Row>> once(String sql, Tuple params) {
      return pipeline(List.of(new Sql(sql, params))).map(results -> results.get(0));
    }

    /**
     * Statements run in this order in one transaction of this scope, all issued together without
     * waiting for each other: one round trip, as {@link #once}. Each statement still runs after the
     * one before has finished, with a snapshot of its own (READ COMMITTED), so it sees what the
     * earlier ones changed and what other transactions committed meanwhile; but none can wait for
     * an earlier one's result in Java: a statement that must do nothing unless an earlier one did
     * something says so in its SQL (a condition on the rows the earlier one changed). When one
     * fails, the rest fail too, PostgreSQL answers the COMMIT with a rollback, and the first
     * failure is the result.
     */
    public Future<List<RowSet<Row>>> pipeline(List<Sql> statements) {
      return pool.withConnection(
          conn -> {
            // Issued without waiting for each other, the commands are pipelined: one round trip.
            // (Grouping them into one socket write through the client's internal group() was
            // tried: no faster end to end, and grouped commands escape the client's tracing and
            // metrics, which wrap each command it schedules.)
            List<Future<RowSet<Row>>> steps = new ArrayList<>(statements.size() + 3);
            steps.add(conn.query("BEGIN").execute());
            if (enabled) {
              steps.add(conn.preparedQuery(setter).execute(Tuple.of(value)));
            }
            int first = steps.size();
            for (Sql statement : statements) {
              steps.add(conn.preparedQuery(statement.text()).execute(statement.params()));
            }
            steps.add(conn.query("COMMIT").execute());
            return Future.join(steps)
                .transform(
                    done -> {
                      for (Future<RowSet<Row>> step : steps) {
                        if (step.failed()) {
                          return Future.failedFuture(step.cause());
                        }
                      }
                      List<RowSet<Row>> results = new ArrayList<>(statements.size());
                      for (int i = first; i < first + statements.size(); i++) {
                        results.add(steps.get(i).result());
                      }
                      return Future.succeededFuture(results);
                    });
          });
    }

    /**
     * Runs {@code work} in one transaction whose first statement sets the scope. Inside a
     * transaction the client sends one command at a time, so BEGIN, the setting and COMMIT each
     * cost a round trip: single statements go through {@link #once} instead.
     */
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
      if (!enabled) {
        return pool.withTransaction(work);
      }
      return pool.withTransaction(
          conn -> {
            Future<RowSet<Row>> scoped = conn.preparedQuery(setter).execute(Tuple.of(value));
            Future<T> result = work.apply(conn);
            return scoped.compose(set -> result);
          });
    }
  }
}
