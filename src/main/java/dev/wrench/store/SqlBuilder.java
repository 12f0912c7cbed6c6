package dev.wrench.store;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a parameterized WHERE clause: values only ever travel as {@code $n} parameters; the SQL
 * text is assembled from constants chosen from allow-lists.
 */
public final class SqlBuilder {

  private final List<String> conditions = new ArrayList<>();
  private final Tuple params = Tuple.tuple();

  /** Adds a value and returns its placeholder. */
  public String param(Object value) {
    params.addValue(value);
    return "$" + params.size();
  }

  /** Adds a condition; {@code %s} in it is replaced by the placeholder of {@code value}. */
  public SqlBuilder where(String condition, Object value) {
    conditions.add(condition.formatted(param(value)));
    return this;
  }

  public SqlBuilder where(String condition) {
    conditions.add(condition);
    return this;
  }

  /**
   * A filter on "any of" {@code values}: plain equality for one value, so that the planner can use
   * the matching index's order, {@code = ANY} for several.
   */
  public SqlBuilder whereAnyOf(String column, Object[] values) {
    if (values.length == 1) {
      return where(column + " = %s", values[0]);
    }
    return where(column + " = ANY(%s)", values);
  }

  public String whereClause() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  public Tuple params() {
    return params;
  }
}
