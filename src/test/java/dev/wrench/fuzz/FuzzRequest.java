package dev.wrench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request to send: the raw request target (path and query, escapes as sent), headers, body
 * bytes, and what was done to it (for the report when a property fails). A header value of {@link
 * #CURRENT_ETAG} is replaced at send time by the resource's current entity tag, so that a
 * precondition does not hide the malformed part behind a 412.
 */
record FuzzRequest(
    String operationId,
    String method,
    String target,
    List<String[]> headers,
    byte[] body,
    String mutation) {

  static final String CURRENT_ETAG = "${current-etag}";

  /** The path as the contract sees it (no query). */
  String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  byte[] head(String currentEtag) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    head.append("Connection: close\r\n");
    for (String[] header : headers) {
      String value = header[1].equals(CURRENT_ETAG) ? currentEtag : header[1];
      head.append(header[0]).append(": ").append(value).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    String shown = target.length() > 300 ? target.substring(0, 300) + "…" : target;
    String bodyText =
        body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
    StringBuilder text =
        new StringBuilder(
            operationId + " [" + mutation + "] " + method + " " + shown + " body=" + bodyText);
    for (String[] header : headers) {
      String value = header[1].length() > 120 ? header[1].substring(0, 120) + "…" : header[1];
      text.append(" | ").append(header[0]).append(": ").append(value);
    }
    return text.toString();
  }
}
