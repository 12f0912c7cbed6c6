package dev.wrench.attachment;

import dev.wrench.core.BusError;
import dev.wrench.store.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * An attachment as a row and as JSON: the columns every query of one selects (alias {@code a}) and
 * the mapping of such a row, for the HTTP side's repository and the dead letters' retry.
 */
final class AttachmentRows {

  static final String COLUMNS =
      "a.id, a.work_order_id, a.request_id, a.filename, a.description, a.content_type, a.size, a.sha256,"
          + " a.status, a.reason, a.thumbnail_key IS NOT NULL AS has_thumbnail, a.uploaded_by,"
          + " a.created_at, a.updated_at";

  private AttachmentRows() {}

  static JsonObject one(RowSet<Row> rows, String what) {
    if (rows.size() == 0) {
      throw BusError.notFound(what);
    }
    return toJson(rows.iterator().next());
  }

  static JsonObject toJson(Row row) {
    Long size = row.getLong("size");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("work_order_id", Rows.uuid(row, "work_order_id"))
        .put("request_id", Rows.uuid(row, "request_id"))
        .put("filename", row.getString("filename"))
        .put("description", row.getString("description"))
        .put("content_type", row.getString("content_type"))
        .put("size", size)
        .put("sha256", row.getString("sha256"))
        .put("status", row.getString("status"))
        .put("reason", row.getString("reason"))
        .put("has_thumbnail", row.getBoolean("has_thumbnail"))
        .put("uploaded_by", row.getUUID("uploaded_by").toString())
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"));
  }
}
