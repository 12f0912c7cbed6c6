package dev.wrench.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * Gives values the types the schema asks for, before it checks them: environment variables are
 * strings ({@code HTTP_PORT=8081}, {@code CACHE_ENABLED=false}, {@code
 * CORS_ALLOWED_ORIGINS=https://a,https://b}). A blank or null number or flag counts as not given,
 * so its default stays. A value that does not convert is left as it is, for the schema to refuse
 * naming its key. Then {@link #overlay} puts what was given over the defaults.
 */
final class Coercion {

  /** Marks a value that counts as not given. */
  private static final Object ABSENT = new Object();

  private Coercion() {}

  /** {@code given} with its values typed after the schema; unknown keys are kept as they are. */
  static JsonObject coerce(ConfigSchema schema, JsonObject given) {
    Object typed = value(schema, given, schema.root());
    return typed instanceof JsonObject object ? object : new JsonObject();
  }

  private static Object value(ConfigSchema schema, Object value, JsonObject node) {
    if (value == null) {
      return ABSENT;
    }
    if (value instanceof JsonObject object) {
      JsonObject typed = new JsonObject();
      for (String name : object.fieldNames()) {
        Object child =
            value(schema, object.getValue(name), node == null ? null : schema.child(node, name));
        if (child != ABSENT) {
          typed.put(name, child);
        }
      }
      return typed;
    }
    if (value instanceof JsonArray array) {
      return list(schema, array, node == null ? null : schema.items(node));
    }
    if (node == null) {
      return value;
    }
    Set<String> types = schema.types(node);
    if (value instanceof String text && !types.contains("string")) {
      return fromString(schema, text, node, types);
    }
    if (types.equals(Set.of("string")) && (value instanceof Number || value instanceof Boolean)) {
      return enumerated(schema, String.valueOf(value), node);
    }
    if (value instanceof String text) {
      return enumerated(schema, text, node);
    }
    return value;
  }

  private static Object fromString(
      ConfigSchema schema, String text, JsonObject node, Set<String> types) {
    String trimmed = text.trim();
    if (types.contains("array")) {
      // The environment's form of a list: comma-separated.
      JsonArray items = new JsonArray();
      for (String item : text.split(",")) {
        if (!item.isBlank()) {
          items.add(item);
        }
      }
      return list(schema, items, schema.items(node));
    }
    if (types.contains("integer") || types.contains("boolean")) {
      if (trimmed.isEmpty()) {
        return ABSENT;
      }
      if (types.contains("integer")) {
        try {
          long parsed = Long.parseLong(trimmed);
          // Not a conditional expression: it would make both a long, boxed as Long.
          if (parsed == (int) parsed) {
            return (int) parsed;
          }
          return parsed;
        } catch (NumberFormatException notAnInteger) {
          // the schema says "must be an integer, got '...'"
        }
      }
      if (types.contains("boolean")) {
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
          return Boolean.valueOf(lower);
        }
      }
    }
    return text;
  }

  /** Items of a list: strings trimmed, each typed after the items' schema. */
  private static JsonArray list(ConfigSchema schema, JsonArray array, JsonObject items) {
    JsonArray typed = new JsonArray();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      Object value = value(schema, item instanceof String s ? s.trim() : item, items);
      if (value != ABSENT) {
        typed.add(value);
      }
    }
    return typed;
  }

  /** A value of an enumeration of words in any case is that word ({@code REQUIRED}). */
  private static String enumerated(ConfigSchema schema, String text, JsonObject node) {
    JsonObject resolved = schema.resolve(node);
    JsonArray values = resolved == null ? null : resolved.getJsonArray("enum");
    if (values != null) {
      String wanted = text.trim();
      for (Object value : values) {
        if (value instanceof String word && word.equalsIgnoreCase(wanted)) {
          return word;
        }
      }
    }
    return text;
  }

  /**
   * {@code given} over {@code defaults}: a record (fixed keys) is merged key by key, anything else
   * (a value, a list, a map of free names such as {@code rate_limit.routes}) replaces the default.
   */
  static JsonObject overlay(ConfigSchema schema, JsonObject defaults, JsonObject given) {
    return (JsonObject) overlay(schema, defaults, given, schema.root());
  }

  private static Object overlay(ConfigSchema schema, Object base, Object given, JsonObject node) {
    if (given instanceof JsonObject over
        && base instanceof JsonObject under
        && node != null
        && schema.isRecord(node)) {
      JsonObject merged = under.copy();
      for (String name : over.fieldNames()) {
        merged.put(
            name,
            overlay(schema, under.getValue(name), over.getValue(name), schema.child(node, name)));
      }
      return merged;
    }
    if (given instanceof JsonObject object) {
      return object.copy();
    }
    return given instanceof JsonArray array ? array.copy() : given;
  }
}
