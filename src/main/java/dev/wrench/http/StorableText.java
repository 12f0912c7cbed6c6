package dev.wrench.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Text that PostgreSQL can store: UTF-8 text without NUL (which no {@code text} column takes) and
 * without unpaired UTF-16 surrogates (which have no UTF-8 form). A JSON escape ({@code \u0000},
 * {@code \uD800}) or an overlong UTF-8 sequence can put either into a decoded string; such input is
 * refused as invalid at the edge rather than failing in the database.
 */
public final class StorableText {

  private StorableText() {}

  public static final String MESSAGE =
      "must not contain NUL characters or unpaired UTF-16 surrogates";

  /** Whether {@code text} can be stored as is. */
  public static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The JSON pointer (under {@code prefix}) of the first key or string value in {@code value} that
   * cannot be stored, or null when every one can.
   */
  public static String firstUnstorable(Object value, String prefix) {
    if (value instanceof String text) {
      return isStorable(text) ? null : prefix.isEmpty() ? "/" : prefix;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String pointer = prefix + "/" + escape(entry.getKey());
        if (!isStorable(entry.getKey())) {
          return pointer;
        }
        String inner = firstUnstorable(entry.getValue(), pointer);
        if (inner != null) {
          return inner;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String inner = firstUnstorable(array.getValue(i), prefix + "/" + i);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /** RFC 6901 escaping of a key; an unstorable character is shown as its escape. */
  private static String escape(String key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '~') {
        out.append("~0");
      } else if (c == '/') {
        out.append("~1");
      } else if (c == '\u0000' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
