package dev.wrench.identity;

import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/** Counts failed log-ins per subject (account or address) for the brute-force policy. */
public final class LoginFailureRepository {

  private static final String STATE =
      "SELECT subject, CASE WHEN window_start > now() - ($2::int * interval '1 second') THEN failures"
          + " ELSE 0 END AS failures, locked_until FROM login_failures"
          + " WHERE subject = ANY($1) AND (locked_until > now()"
          + " OR window_start > now() - ($2::int * interval '1 second'))";

  /**
   * One failure more, in a window that restarts when it has passed; reaching the threshold locks
   * the subject. One statement per subject: concurrent failures never lose a count.
   */
  private static final String RECORD =
      "INSERT INTO login_failures AS f (subject, failures, window_start) VALUES ($1, 1, now())"
          + " ON CONFLICT (subject) DO UPDATE SET"
          + " failures = CASE WHEN f.window_start > now() - ($2::int * interval '1 second')"
          + " THEN f.failures + 1 ELSE 1 END,"
          + " window_start = CASE WHEN f.window_start > now() - ($2::int * interval '1 second')"
          + " THEN f.window_start ELSE now() END"
          + " RETURNING failures";

  private static final String LOCK =
      "UPDATE login_failures SET locked_until = now() + ($2::int * interval '1 second'),"
          + " failures = 0, window_start = now() WHERE subject = $1";

  private static final String CLEAR = "DELETE FROM login_failures WHERE subject = $1";

  private static final String SWEEP =
      "DELETE FROM login_failures WHERE (locked_until IS NULL OR locked_until < now())"
          + " AND window_start < now() - interval '1 day'";

  private final RowSecurity db;

  public LoginFailureRepository(RowSecurity db) {
    this.db = db;
  }

  /**
   * {@code {subjects: [..], window_seconds}} → {@code {failures: {subject: n}, locked_until: epoch
   * seconds | null}} (the latest lock of any subject).
   */
  public Future<JsonObject> state(JsonObject body) {
    String[] subjects =
        body.getJsonArray("subjects").stream().map(String::valueOf).toArray(String[]::new);
    return db.system()
        .preparedQuery(STATE)
        .execute(Tuple.of(subjects, body.getInteger("window_seconds")))
        .map(
            rows -> {
              JsonObject failures = new JsonObject();
              Long locked = null;
              for (Row row : rows) {
                failures.put(row.getString("subject"), row.getInteger("failures"));
                OffsetDateTime until = row.getOffsetDateTime("locked_until");
                if (until != null && until.isAfter(OffsetDateTime.now())) {
                  long epoch = until.toEpochSecond();
                  locked = locked == null ? epoch : Math.max(locked, epoch);
                }
              }
              return new JsonObject().put("failures", failures).put("locked_until", locked);
            });
  }

  /**
   * {@code {subjects: [{subject, lockout_after}], window_seconds, lockout_seconds}} → {@code {}}:
   * counts a failure for each and locks those that reach their threshold.
   */
  public Future<JsonObject> recordFailure(JsonObject body) {
    int window = body.getInteger("window_seconds");
    int lockout = body.getInteger("lockout_seconds");
    Future<Void> all = Future.succeededFuture();
    for (Object item : body.getJsonArray("subjects")) {
      JsonObject subject = (JsonObject) item;
      String key = subject.getString("subject");
      int threshold = subject.getInteger("lockout_after");
      all =
          all.compose(
              v ->
                  db.system()
                      .preparedQuery(RECORD)
                      .execute(Tuple.of(key, window))
                      .compose(
                          rows ->
                              rows.iterator().next().getInteger("failures") >= threshold
                                  ? db.system()
                                      .preparedQuery(LOCK)
                                      .execute(Tuple.of(key, lockout))
                                      .<Void>mapEmpty()
                                  : Future.<Void>succeededFuture()));
    }
    return all.map(v -> new JsonObject());
  }

  /** {@code {subject}} → {@code {}}: a successful log-in forgets the account's failures. */
  public Future<JsonObject> clear(JsonObject body) {
    return db.system()
        .preparedQuery(CLEAR)
        .execute(Tuple.of(body.getString("subject")))
        .map(v -> new JsonObject());
  }

  public Future<Void> sweep() {
    return db.system().query(SWEEP).execute().mapEmpty();
  }
}
