package dev.wrench.checklist;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules of checklists, free of I/O: which items a template may have, how an answer is typed by
 * its item, and whether it passes. Used by the templates' store and by the work order's checklist.
 */
public final class ChecklistRules {

  private ChecklistRules() {}

  /** The seven item types. */
  public static final List<String> TYPES =
      List.of("checkbox", "number", "text", "pass_fail", "meter_reading", "photo", "signature");

  /** What a failed item does: nothing, or open one follow-up work order. */
  public static final List<String> ON_FAIL = List.of("none", "create_work_order");

  private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

  /** A decimal as the meters take it: up to 15 digits before the point and 6 after. */
  private static final Pattern DECIMAL = Pattern.compile("^-?[0-9]{1,15}(\\.[0-9]{1,6})?$");

  /** The largest magnitude a number answer may have: what numeric(21, 6) thresholds compare. */
  private static final BigDecimal LIMIT = new BigDecimal("1e15");

  /** Types whose answer is a number, so that a range applies (min, max, unit). */
  static boolean ranged(String type) {
    return "number".equals(type) || "meter_reading".equals(type);
  }

  /**
   * Types whose answer can fail: a number (or meter reading) outside its range, a pass_fail false;
   * only these take {@code on_fail}.
   */
  public static boolean judged(String type) {
    return ranged(type) || "pass_fail".equals(type);
  }

  /**
   * A template's items checked and normalised (every field present, defaults filled): 422 with a
   * JSON pointer for each mistake, all of them at once. The meters named are checked by the caller,
   * which can see them.
   */
  public static JsonArray items(JsonArray items) {
    JsonArray errors = new JsonArray();
    JsonArray normalised = new JsonArray();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String at = "/items/" + i;
      if (!(items.getValue(i) instanceof JsonObject item)) {
        error(errors, at, "must be an object");
        continue;
      }
      String key = item.getString("key");
      String type = item.getString("type");
      if (key == null || !KEY.matcher(key).matches()) {
        error(errors, at + "/key", "must be 1 to 64 of a-z, 0-9 and _, starting with a letter");
      } else if (!keys.add(key)) {
        error(errors, at + "/key", "is used by an earlier item of this template");
      }
      if (!TYPES.contains(type)) {
        error(errors, at + "/type", "must be one of " + TYPES);
        continue;
      }
      BigDecimal min = decimal(item, "min", at, errors);
      BigDecimal max = decimal(item, "max", at, errors);
      if (!ranged(type)) {
        for (String field : List.of("min", "max", "unit")) {
          if (item.getValue(field) != null) {
            error(errors, at + "/" + field, "applies only to number and meter_reading items");
          }
        }
      } else if (min != null && max != null && min.compareTo(max) > 0) {
        error(errors, at + "/min", "must not be greater than max");
      }
      String meterId = item.getString("meter_id");
      if ("meter_reading".equals(type) && meterId == null) {
        error(errors, at + "/meter_id", "is required for a meter_reading item");
      } else if (!"meter_reading".equals(type) && meterId != null) {
        error(errors, at + "/meter_id", "applies only to meter_reading items");
      } else if (meterId != null && !isUuid(meterId)) {
        error(errors, at + "/meter_id", "must be a UUID");
      }
      String onFail = item.getString("on_fail", "none");
      if (!ON_FAIL.contains(onFail)) {
        error(errors, at + "/on_fail", "must be one of " + ON_FAIL);
      } else if (!"none".equals(onFail) && !judged(type)) {
        error(errors, at + "/on_fail", "applies only to items that can fail");
      }
      normalised.add(
          new JsonObject()
              .put("key", key)
              .put("label", item.getString("label"))
              .put("type", type)
              .put("required", item.getBoolean("required", false))
              .put("min", min == null ? null : min.toPlainString())
              .put("max", max == null ? null : max.toPlainString())
              .put("unit", item.getString("unit"))
              .put("meter_id", meterId)
              .put("on_fail", onFail));
    }
    if (!errors.isEmpty()) {
      throw new BusError(422, "unprocessable", "the checklist items are invalid", errors);
    }
    return normalised;
  }

  /** The meters a template's items name, in item order, with the pointer of each. */
  public static List<String[]> meters(JsonArray items) {
    List<String[]> meters = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String meterId = items.getJsonObject(i).getString("meter_id");
      if (meterId != null) {
        meters.add(new String[] {meterId, "/items/" + i + "/meter_id"});
      }
    }
    return meters;
  }

  private static BigDecimal decimal(JsonObject item, String field, String at, JsonArray errors) {
    Object value = item.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || !DECIMAL.matcher(text).matches()) {
      error(errors, at + "/" + field, "must be a decimal string such as \"12.5\"");
      return null;
    }
    return new BigDecimal(text);
  }

  private static boolean isUuid(String value) {
    try {
      UUID.fromString(value);
      return value.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void error(JsonArray errors, String pointer, String message) {
    errors.add(new JsonObject().put("pointer", pointer).put("message", message));
  }

  /** An answer as stored: one of the three typed columns is set (or none, for a cleared answer). */
  public record Answer(BigDecimal number, Boolean bool, String text) {

    public static final Answer NONE = new Answer(null, null, null);

    public boolean isEmpty() {
      return number == null && bool == null && text == null;
    }
  }

  /**
   * {@code value} typed by an item of {@code type}: a JSON number for {@code number}, a number or
   * decimal string for {@code meter_reading}, a boolean for {@code checkbox} and {@code pass_fail},
   * a non-blank string for {@code text} and {@code signature}, an attachment id for {@code photo}
   * (whose work order the caller checks); {@code null} clears the answer. Anything else is 422 at
   * {@code /value}, so nothing is written.
   */
  public static Answer answer(String type, Object value) {
    if (value == null) {
      return Answer.NONE;
    }
    return switch (type) {
      case "number" -> {
        if (!(value instanceof Number number)) {
          throw wrongType("a number");
        }
        yield new Answer(bounded(decimalOf(number)), null, null);
      }
      case "meter_reading" -> {
        if (value instanceof Number number) {
          yield new Answer(bounded(decimalOf(number)), null, null);
        }
        if (value instanceof String text && DECIMAL.matcher(text).matches()) {
          yield new Answer(new BigDecimal(text), null, null);
        }
        throw wrongType("a number or a decimal string such as \"1520.5\"");
      }
      case "checkbox", "pass_fail" -> {
        if (!(value instanceof Boolean bool)) {
          throw wrongType("true or false");
        }
        yield new Answer(null, bool, null);
      }
      case "text", "signature" -> {
        if (!(value instanceof String text) || text.isBlank() || text.length() > 10000) {
          throw wrongType("a string of 1 to 10000 characters");
        }
        yield new Answer(null, null, text);
      }
      case "photo" -> {
        if (!(value instanceof String text) || !isUuid(text)) {
          throw wrongType("the id of an attachment of this work order");
        }
        yield new Answer(null, null, text.toLowerCase(java.util.Locale.ROOT));
      }
      default -> throw new IllegalArgumentException("unknown item type " + type);
    };
  }

  /**
   * Whether an answer passes: "fail" for a number outside {@code min..max} or a pass_fail false,
   * "pass" for other answers of items that can be judged, null for the rest and for no answer.
   */
  public static String result(String type, Answer answer, BigDecimal min, BigDecimal max) {
    if (answer.isEmpty() || !judged(type)) {
      return null;
    }
    if ("pass_fail".equals(type)) {
      return answer.bool() ? "pass" : "fail";
    }
    BigDecimal value = answer.number();
    boolean below = min != null && value.compareTo(min) < 0;
    boolean above = max != null && value.compareTo(max) > 0;
    return below || above ? "fail" : "pass";
  }

  /**
   * A JSON number as a decimal. The JSON parser gives a double for a fraction: its shortest decimal
   * form is the number that was sent for up to 15 significant digits, which the contract allows.
   */
  static BigDecimal decimalOf(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw wrongType("a finite number");
      }
      return BigDecimal.valueOf(d);
    }
    return new BigDecimal(number.toString());
  }

  private static BigDecimal bounded(BigDecimal value) {
    if (value.abs().compareTo(LIMIT) >= 0) {
      throw BusError.unprocessable("/value", "must be less than 1e15 in magnitude");
    }
    if (value.stripTrailingZeros().scale() > 6) {
      throw BusError.unprocessable("/value", "must have at most 6 digits after the point");
    }
    return value;
  }

  private static BusError wrongType(String expected) {
    return BusError.unprocessable("/value", "must be " + expected + " for this item");
  }
}
