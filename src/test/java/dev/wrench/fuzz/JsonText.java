package dev.wrench.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * JSON text with every non-ASCII character escaped ({@code \uD800}), so that values a UTF-8 encoder
 * cannot carry (lone surrogates) reach the server exactly as a client's escapes would.
 */
final class JsonText {

  private JsonText() {}

  static String ascii(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof JsonObject object) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> entry : object) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof JsonArray array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(array.getValue(i), out);
      }
      out.append(']');
    } else if (value instanceof String text) {
      string(text, out);
    } else {
      out.append(value);
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
