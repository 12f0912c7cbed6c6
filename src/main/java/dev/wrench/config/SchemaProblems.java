package dev.wrench.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema's errors as one {@link ConfigProblem} per bad key, in the words of the node that
 * refused the value: its {@code x-message}, else a sentence for the keyword (a range, a type). The
 * Basic output lists every failing keyword, the applicators around a failure too: those are left
 * out, the failure speaks for itself.
 */
final class SchemaProblems {

  /** Keywords that only apply other subschemas: their failures are reported by those. */
  private static final Set<String> APPLICATORS =
      Set.of(
          "properties",
          "patternProperties",
          "items",
          "prefixItems",
          "propertyNames",
          "$ref",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "contains",
          "dependentSchemas",
          "unevaluatedProperties",
          "unevaluatedItems");

  private SchemaProblems() {}

  /** One problem per bad key of {@code config}; none when it is valid. */
  static List<ConfigProblem> of(ConfigSchema schema, JsonObject config) {
    OutputUnit output = schema.validate(config);
    if (Boolean.TRUE.equals(output.getValid())) {
      return List.of();
    }
    List<OutputUnit> errors =
        output.getErrors() == null || output.getErrors().isEmpty()
            ? List.of(output)
            : output.getErrors();
    Set<ConfigProblem> problems = new LinkedHashSet<>();
    for (OutputUnit error : errors) {
      problems.addAll(problems(schema, config, error));
    }
    return List.copyOf(problems);
  }

  private static List<ConfigProblem> problems(
      ConfigSchema schema, JsonObject config, OutputUnit error) {
    List<String> keyword = ConfigSchema.path(error.getAbsoluteKeywordLocation());
    if (keyword.isEmpty()) {
      return List.of(new ConfigProblem("configuration", String.valueOf(error.getError())));
    }
    String name = keyword.get(keyword.size() - 1);
    if (APPLICATORS.contains(name)) {
      return List.of();
    }
    JsonObject node = schema.at(ConfigSchema.pointer(keyword.subList(0, keyword.size() - 1)));
    Instance instance = Instance.of(config, ConfigSchema.path(error.getInstanceLocation()));
    if (node == null) {
      return List.of(new ConfigProblem(instance.key(), String.valueOf(error.getError())));
    }
    switch (name) {
      case "additionalProperties" -> {
        // Reported for every key an object holds that is not declared (and, by this validator,
        // for declared keys whose value failed: those are reported by their own schema).
        String property = instance.lastSegment();
        return Boolean.FALSE.equals(node.getValue("additionalProperties"))
                && !schema.declares(node, property)
            ? List.of(new ConfigProblem(instance.key(), unknownKey(instance.key())))
            : List.of();
      }
      case "required" -> {
        List<ConfigProblem> missing = new ArrayList<>();
        if (instance.value() instanceof JsonObject object) {
          for (Object required : node.getJsonArray("required", new JsonArray())) {
            if (!object.containsKey(String.valueOf(required))) {
              missing.add(new ConfigProblem(instance.dotted(required), "is missing"));
            }
          }
        }
        return missing;
      }
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
        return List.of(new ConfigProblem(instance.key(), range(node, instance.value())));
      }
      default -> {
        String message =
            node.getValue("x-message") instanceof String custom
                ? custom
                : generic(schema, name, node, instance.value());
        boolean aboutAName =
            keyword.size() >= 2 && keyword.get(keyword.size() - 2).equals("propertyNames");
        if (instance.arrayItem() && !aboutAName) {
          message = "'" + instance.value() + "' " + message;
        }
        return List.of(new ConfigProblem(instance.key(), message));
      }
    }
  }

  /** "is not a known key — did you mean http.port?" when a known key is a likely fix. */
  private static String unknownKey(String key) {
    String nearest = SchemaKeys.nearest(key);
    return "is not a known key" + (nearest == null ? "" : " — did you mean " + nearest + "?");
  }

  private static String range(JsonObject node, Object value) {
    Object min = node.getValue("minimum");
    Object max = node.getValue("maximum");
    String bounds;
    if (min != null && max != null) {
      bounds = "between " + min + " and " + max;
    } else if (min != null) {
      bounds = "at least " + min;
    } else {
      bounds = "at most " + max;
    }
    return "must be " + bounds + ", got " + value;
  }

  private static String generic(
      ConfigSchema schema, String keyword, JsonObject node, Object value) {
    return switch (keyword) {
      case "type" -> {
        Set<String> types = schema.types(node);
        if (types.equals(Set.of("integer"))) {
          yield "must be an integer, got '" + value + "'";
        }
        if (types.equals(Set.of("boolean"))) {
          yield "must be true or false, got '" + value + "'";
        }
        List<String> kinds = new ArrayList<>();
        for (String type : types) {
          kinds.add(
              switch (type) {
                case "string" -> "a string";
                case "array" -> "a list";
                case "object" -> "a map";
                case "boolean" -> "true or false";
                case "integer" -> "an integer";
                case "number" -> "a number";
                default -> type;
              });
        }
        yield "must be " + oneOf(kinds);
      }
      case "enum" -> {
        List<String> values = new ArrayList<>();
        node.getJsonArray("enum").forEach(v -> values.add(String.valueOf(v)));
        yield "must be " + oneOf(values) + ", got '" + value + "'";
      }
      case "pattern" -> "does not match " + node.getString("pattern") + ", got '" + value + "'";
      default -> "does not satisfy " + keyword;
    };
  }

  /** "a", "a or b", "a, b or c". */
  private static String oneOf(List<String> words) {
    if (words.size() <= 1) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }

  /**
   * A place in the configuration: its key in dotted form (list indexes left out: the list is the
   * key), its value, and whether it is an item of a list.
   */
  private record Instance(String key, List<String> path, Object value, boolean arrayItem) {

    static Instance of(JsonObject config, List<String> path) {
      Object node = config;
      List<String> keyParts = new ArrayList<>();
      boolean item = false;
      for (String segment : path) {
        if (node instanceof JsonArray array && segment.matches("\\d+")) {
          int index = Integer.parseInt(segment);
          node = index < array.size() ? array.getValue(index) : null;
          item = true;
        } else {
          node = node instanceof JsonObject object ? object.getValue(segment) : null;
          keyParts.add(segment);
          item = false;
        }
      }
      return new Instance(String.join(".", keyParts), path, node, item);
    }

    String lastSegment() {
      return path.isEmpty() ? "" : path.get(path.size() - 1);
    }

    String dotted(Object child) {
      return key.isEmpty() ? String.valueOf(child) : key + "." + child;
    }
  }
}
