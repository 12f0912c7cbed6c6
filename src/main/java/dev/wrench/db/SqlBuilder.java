package dev.wrench.db;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a parameterized WHERE clause: values only ever travel as {@code $n} parameters; the SQL
 * text is assembled from constants chosen from allow-lists.
 */
final class SqlBuilder {

  private final List<String> conditions = new ArrayList<>();
  private final Tuple params = Tuple.tuple();

  /** Adds a value and returns its placeholder. */
  String param(Object value) {
    params.addValue(value);
    return "$" + params.size();
  }

  /** Adds a condition; {@code %s} in it is replaced by the placeholder of {@code value}. */
  SqlBuilder where(String condition, Object value) {
    conditions.add(condition.formatted(param(value)));
    return this;
  }

  SqlBuilder where(String condition) {
    conditions.add(condition);
    return this;
  }

  /**
   * A filter on "any of" {@code values}: plain equality for one value, so that the planner can use
   * the matching index's order, {@code = ANY} for several.
   */
  SqlBuilder whereAnyOf(String column, Object[] values) {
    if (values.length == 1) {
      return where(column + " = %s", values[0]);
    }
    return where(column + " = ANY(%s)", values);
  }

  String whereClause() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  Tuple params() {
    return params;
  }
}
