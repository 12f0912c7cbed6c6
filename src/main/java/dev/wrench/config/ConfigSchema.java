package dev.wrench.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code conf/config.schema.json} (draft 2020-12, from the class path: the jar carries {@code
 * conf/}): the types {@link Coercion} gives values, and the validator whose errors {@link
 * SchemaProblems} words. A schema node may say in {@code x-message} what a refusal of its value
 * says after the key's name; ranges and types speak for themselves.
 */
final class ConfigSchema {

  static final String RESOURCE = "conf/config.schema.json";

  private static final ConfigSchema INSTANCE = new ConfigSchema(readResource(RESOURCE));

  private final JsonObject root;
  private final Validator validator;

  private ConfigSchema(String text) {
    this.root = new JsonObject(text);
    this.validator =
        Validator.create(
            JsonSchema.of(root),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("app:///" + RESOURCE)
                .setOutputFormat(OutputFormat.Basic));
  }

  static ConfigSchema get() {
    return INSTANCE;
  }

  static String readResource(String name) {
    ClassLoader loader = ConfigSchema.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonObject root() {
    return root;
  }

  // ---- Navigation ------------------------------------------------------------------------------

  /** {@code node} with a local {@code $ref} followed (a node of {@code $defs}). */
  JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    while (current != null && current.getValue("$ref") instanceof String ref) {
      current = ref.startsWith("#") ? at(ref.substring(1)) : null;
    }
    return current;
  }

  /** The schema of the value under {@code name} in an object of schema {@code node}, or null. */
  JsonObject child(JsonObject node, String name) {
    JsonObject object = resolve(node);
    if (object == null) {
      return null;
    }
    JsonObject properties = object.getJsonObject("properties");
    if (properties != null && properties.getValue(name) instanceof JsonObject declared) {
      return declared;
    }
    JsonObject patterns = object.getJsonObject("patternProperties");
    if (patterns != null) {
      for (String pattern : patterns.fieldNames()) {
        if (Pattern.compile(pattern).matcher(name).find()) {
          return patterns.getJsonObject(pattern);
        }
      }
    }
    return object.getValue("additionalProperties") instanceof JsonObject additional
        ? additional
        : null;
  }

  /** The schema of the items of an array of schema {@code node}, or null. */
  JsonObject items(JsonObject node) {
    JsonObject array = resolve(node);
    return array != null && array.getValue("items") instanceof JsonObject items ? items : null;
  }

  /** The JSON types a node allows ("integer", "string", ...); empty when it does not say. */
  Set<String> types(JsonObject node) {
    JsonObject resolved = resolve(node);
    Set<String> types = new LinkedHashSet<>();
    if (resolved == null) {
      return types;
    }
    Object type = resolved.getValue("type");
    if (type instanceof String single) {
      types.add(single);
    } else if (type instanceof JsonArray several) {
      several.forEach(t -> types.add(String.valueOf(t)));
    }
    return types;
  }

  /**
   * A record (fixed keys under {@code properties}) as opposed to a map of free names (rate limits
   * per route, roles): an overriding record is merged key by key, an overriding map replaces.
   */
  boolean isRecord(JsonObject node) {
    JsonObject resolved = resolve(node);
    return resolved != null && resolved.getValue("properties") instanceof JsonObject;
  }

  /** The node at a JSON pointer ({@code /properties/http}) of the schema document. */
  JsonObject at(String pointer) {
    Object node = root;
    for (String segment : segments(pointer)) {
      if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else if (node instanceof JsonArray array && segment.matches("\\d+")) {
        node = array.getValue(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return node instanceof JsonObject object ? object : null;
  }

  /** The validator's verdict on {@code config}, in the Basic output format. */
  OutputUnit validate(JsonObject config) {
    return validator.validate(config);
  }

  /** Whether an object of schema {@code node} declares {@code property} (by name or pattern). */
  boolean declares(JsonObject node, String property) {
    JsonObject properties = node.getJsonObject("properties");
    if (properties != null && properties.containsKey(property)) {
      return true;
    }
    JsonObject patterns = node.getJsonObject("patternProperties");
    return patterns != null
        && patterns.fieldNames().stream()
            .anyMatch(p -> Pattern.compile(p).matcher(property).find());
  }

  // ---- JSON pointers ---------------------------------------------------------------------------

  /**
   * The segments of a location of the Basic output ({@code app:///x#/properties/http}, {@code
   * #/http}).
   */
  static List<String> path(String location) {
    return segments(fragment(location));
  }

  /** The fragment of {@code app:///x#/properties/http} or of {@code #/http}: "/properties/http". */
  private static String fragment(String location) {
    if (location == null) {
      return "";
    }
    int hash = location.indexOf('#');
    return hash < 0 ? location : location.substring(hash + 1);
  }

  /** The unescaped segments of a JSON pointer (as a URI fragment, so percent-encoded too). */
  private static List<String> segments(String pointer) {
    List<String> segments = new ArrayList<>();
    if (pointer == null || pointer.isEmpty()) {
      return segments;
    }
    for (String raw : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/", -1)) {
      segments.add(percentDecode(raw).replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  static String pointer(List<String> segments) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : segments) {
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String text, int at) {
    return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
  }
}
