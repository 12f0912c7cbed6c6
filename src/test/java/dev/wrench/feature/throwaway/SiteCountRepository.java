package dev.wrench.feature.throwaway;

import dev.wrench.core.Actor;
import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

/**
 * Its SQL, next to it. No {@code WHERE org_id}: the tenant scope of row-level security is what
 * keeps another organization's sites out, which the test checks.
 */
final class SiteCountRepository implements SiteCountService {

  private static final String COUNT =
      "SELECT count(*) AS sites FROM sites WHERE deleted_at IS NULL";

  private final RowSecurity db;

  SiteCountRepository(RowSecurity db) {
    this.db = db;
  }

  @Override
  public Future<JsonObject> count(Actor actor) {
    return db.tenant(actor.orgId())
        .preparedQuery(COUNT)
        .execute(Tuple.tuple())
        .map(rows -> new JsonObject().put("sites", rows.iterator().next().getLong("sites")));
  }
}
