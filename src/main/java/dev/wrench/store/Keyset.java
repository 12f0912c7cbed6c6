package dev.wrench.store;

import dev.wrench.core.BusError;
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
public final class Keyset {

  public enum Type {
    TIMESTAMP,
    LONG,
    TEXT,
    UUID
  }

  /** A sort key: the SQL expression it orders by and how its cursor value is typed. */
  public record SortKey(String expression, Type type) {}

  private final Map<String, SortKey> sortKeys;
  private final String tieBreaker;
  private final Type tieBreakerType;

  public Keyset(Map<String, SortKey> sortKeys, String tieBreaker, Type tieBreakerType) {
    this.sortKeys = sortKeys;
    this.tieBreaker = tieBreaker;
    this.tieBreakerType = tieBreakerType;
  }

  /**
   * The common case: one timestamp column to sort by, {@code column} of the table aliased {@code
   * alias}, ties broken by its UUID {@code id}.
   */
  public static Keyset byTime(String alias, String column) {
    return new Keyset(
        Map.of(column, new SortKey(alias + "." + column, Type.TIMESTAMP)),
        alias + ".id",
        Type.UUID);
  }

  /** A page request resolved against the allow-list. */
  public final class Page {
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
    public void seek(SqlBuilder sql, String cursor) {
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

    public String selectKey() {
      return key.expression() + " AS sort_key";
    }

    public String orderBy() {
      String direction = descending ? " DESC" : " ASC";
      return " ORDER BY "
          + key.expression()
          + direction
          + ", "
          + tieBreaker
          + direction
          + " LIMIT "
          + (limit + 1);
    }

    /**
     * Runs this page's statement in {@code scope}: {@code SELECT columns, <sort key> FROM from}
     * with {@code where}'s conditions, the page's order and limit; each row mapped by {@code
     * mapper}, the cursor from the {@code id} column.
     */
    public Future<JsonObject> fetch(
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

    /** The page's JSON: at most {@code limit} items and the cursor of the next page. */
    public JsonObject toJson(RowSet<Row> rows, Function<Row, JsonObject> mapper, String idColumn) {
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

  public Page page(JsonObject query, String defaultSort) {
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
