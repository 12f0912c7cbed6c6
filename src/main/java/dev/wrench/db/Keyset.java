package dev.wrench.db;

import dev.wrench.bus.BusError;
import dev.wrench.paging.Cursor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Function;

/**
 * Keyset (seek) pagination over an allow-listed set of sort keys, each with a unique tie-breaker,
 * so that pages stay stable while rows are inserted and no page costs an offset scan.
 */
final class Keyset {

  enum Type {
    TIMESTAMP,
    LONG,
    TEXT,
    UUID
  }

  /** A sort key: the SQL expression it orders by and how its cursor value is typed. */
  record SortKey(String expression, Type type) {}

  private final Map<String, SortKey> sortKeys;
  private final String tieBreaker;
  private final Type tieBreakerType;

  Keyset(Map<String, SortKey> sortKeys, String tieBreaker, Type tieBreakerType) {
    this.sortKeys = sortKeys;
    this.tieBreaker = tieBreaker;
    this.tieBreakerType = tieBreakerType;
  }

  /**
   * The common case: one timestamp column to sort by, {@code column} of the table aliased {@code
   * alias}, ties broken by its UUID {@code id}.
   */
  static Keyset byTime(String alias, String column) {
    return new Keyset(
        Map.of(column, new SortKey(alias + "." + column, Type.TIMESTAMP)),
        alias + ".id",
        Type.UUID);
  }

  /** A page request resolved against the allow-list. */
  final class Page {
    final String sort;
    final SortKey key;
    final boolean descending;
    final int limit;

    Page(String sort, int limit) {
      this.sort = sort;
      this.descending = sort.startsWith("-");
      this.key = sortKeys.get(descending ? sort.substring(1) : sort);
      if (key == null) {
        throw BusError.badRequest("/query/sort", "cannot sort by '" + sort + "'");
      }
      this.limit = limit;
    }

    /** Adds the seek condition for {@code cursor} (if any) to {@code sql}. */
    void seek(SqlBuilder sql, String cursor) {
      if (cursor == null) {
        return;
      }
      Cursor decoded = Cursor.decode(cursor, sort);
      Object value = typed(key.type(), decoded.value());
      Object id = typed(tieBreakerType, decoded.id());
      String a = sql.param(value);
      String b = sql.param(id);
      sql.where(
          "("
              + key.expression()
              + ", "
              + tieBreaker
              + ") "
              + (descending ? "<" : ">")
              + " ("
              + a
              + ", "
              + b
              + ")");
    }

    String selectKey() {
      return key.expression() + " AS sort_key";
    }

    String orderBy() {
      return orderBy(key.expression(), tieBreaker, limit + 1);
    }

    private String orderBy(String keyExpression, String tieBreakerExpression, int rows) {
      String direction = descending ? " DESC" : " ASC";
      return " ORDER BY "
          + keyExpression
          + direction
          + ", "
          + tieBreakerExpression
          + direction
          + " LIMIT "
          + rows;
    }

    /**
     * Runs this page's statement in {@code scope}: {@code SELECT columns, <sort key> FROM from}
     * with {@code where}'s conditions, the page's order and limit; each row mapped by {@code
     * mapper}, the cursor from the {@code id} column.
     */
    Future<JsonObject> fetch(
        RowSecurity.Scope scope,
        String columns,
        String from,
        SqlBuilder where,
        Function<Row, JsonObject> mapper) {
      String text =
          "SELECT "
              + columns
              + ", "
              + selectKey()
              + " FROM "
              + from
              + where.whereClause()
              + orderBy();
      return scope
          .preparedQuery(text)
          .execute(where.params())
          .map(rows -> toJson(rows, mapper, "id"));
    }

    /**
     * Like {@link #fetch}, for a page filtered by a condition that an index of its own answers in
     * no useful order ({@code match}, a full-text search, whose parameters are already in {@code
     * where}'s), where the planner's choice between the two ways is a gamble on an estimate: walk
     * the sort order and test each row (fast when matches are common, a read of the whole tenant
     * when they are rare) or collect every match from the search index and sort them (fast when
     * they are rare, thousands of rows when common). Words that come together ("cold store") or
     * tokens that the search splits ("Chiller-0042": "chiller-0042", "chiller", "0042") make its
     * estimate wrong by orders of magnitude either way. So both, in turn, each bounded:
     *
     * <ol>
     *   <li>the first {@code window} rows in the page's order (with every other condition) are
     *       tested: if they hold a full page of matches, it is the page, as no later row can come
     *       before them. This costs at most {@code window} rows;
     *   <li>else the matches are rare, and all of them are collected through the search index (the
     *       materialized CTE keeps the planner from walking the order again) and sorted.
     * </ol>
     */
    Future<JsonObject> fetchMatching(
        RowSecurity.Scope scope,
        String columns,
        String table,
        String alias,
        SqlBuilder where,
        String match,
        int window,
        Function<Row, JsonObject> mapper) {
      String recent =
          "SELECT "
              + columns
              + ", "
              + selectKey()
              + " FROM (SELECT * FROM "
              + table
              + " "
              + alias
              + where.whereClause()
              + orderBy(key.expression(), tieBreaker, window)
              + ") "
              + alias
              + " WHERE "
              + match
              + orderBy();
      String all =
          "WITH matches AS MATERIALIZED (SELECT "
              + columns
              + ", "
              + selectKey()
              + " FROM "
              + table
              + " "
              + alias
              + where.whereClause()
              + " AND "
              + match
              + ") SELECT * FROM matches"
              + orderBy("sort_key", unqualified(tieBreaker), limit + 1);
      String idColumn = unqualified(tieBreaker);
      return scope
          .preparedQuery(recent)
          .execute(where.params())
          .compose(
              rows ->
                  rows.size() > limit
                      ? Future.succeededFuture(rows)
                      : scope.preparedQuery(all).execute(where.params()))
          .map(rows -> toJson(rows, mapper, idColumn));
    }

    /** The page's JSON: at most {@code limit} items and the cursor of the next page. */
    JsonObject toJson(RowSet<Row> rows, Function<Row, JsonObject> mapper, String idColumn) {
      JsonArray items = new JsonArray();
      Row last = null;
      int count = 0;
      for (Row row : rows) {
        if (count == limit) {
          break;
        }
        items.add(mapper.apply(row));
        last = row;
        count++;
      }
      String next = null;
      if (rows.size() > limit && last != null) {
        next =
            new Cursor(
                    sort,
                    cursorValue(last.getValue("sort_key")),
                    String.valueOf(last.getValue(idColumn)))
                .encode();
      }
      return new JsonObject().put("items", items).put("next_cursor", next);
    }
  }

  private static String unqualified(String column) {
    return column.substring(column.indexOf('.') + 1);
  }

  Page page(JsonObject query, String defaultSort) {
    return new Page(query.getString("sort", defaultSort), query.getInteger("limit", 20));
  }

  /** How PostgreSQL's 'infinity' timestamps (rows without a due date) travel in a cursor. */
  private static final String INFINITY = "infinity";

  private static Object cursorValue(Object value) {
    if (value instanceof OffsetDateTime time) {
      // The pg client reads 'infinity' as OffsetDateTime.MAX, which has no UTC form.
      return time.equals(OffsetDateTime.MAX) ? INFINITY : Rows.format(time);
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    return value == null ? null : value.toString();
  }

  private static Object typed(Type type, Object value) {
    try {
      return switch (type) {
        case TIMESTAMP ->
            INFINITY.equals(value) ? OffsetDateTime.MAX : OffsetDateTime.parse((String) value);
        case LONG -> value instanceof Number n ? n.longValue() : Long.parseLong((String) value);
        case TEXT -> (String) value;
        case UUID -> java.util.UUID.fromString((String) value);
      };
    } catch (RuntimeException e) {
      throw BusError.badRequest("/query/cursor", "cursor is not a cursor from this API");
    }
  }
}
