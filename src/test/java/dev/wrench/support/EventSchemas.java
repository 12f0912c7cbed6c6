package dev.wrench.support;

import dev.wrench.workorder.WorkOrderEventType;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JSON Schemas of {@code openapi/events/}, one per event type: {@link #check} fails a test with
 * the validator's errors when an event does not match the schema of its {@code type}.
 */
public final class EventSchemas {

  private static final Map<WorkOrderEventType, Validator> VALIDATORS = load();

  private EventSchemas() {}

  private static Map<WorkOrderEventType, Validator> load() {
    JsonSchemaOptions options =
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://wrench.dev/");
    SchemaRepository repository = SchemaRepository.create(options);
    Map<WorkOrderEventType, Validator> validators = new EnumMap<>(WorkOrderEventType.class);
    for (WorkOrderEventType type : WorkOrderEventType.values()) {
      Path file = Path.of("openapi/events/" + type.shortType() + ".v1.json");
      try {
        JsonObject schema = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        repository.dereference(schema.getString("$id"), JsonSchema.of(schema));
        validators.put(type, repository.validator(schema.getString("$id")));
      } catch (IOException e) {
        throw new IllegalStateException("no schema for " + type + " at " + file, e);
      }
    }
    return validators;
  }

  /** The type of a CloudEvent of Wrench, from its {@code type} attribute. */
  public static WorkOrderEventType typeOf(JsonObject event) {
    for (WorkOrderEventType type : WorkOrderEventType.values()) {
      if (type.cloudEventType().equals(event.getString("type"))) {
        return type;
      }
    }
    throw new AssertionError("not a work order event type: " + event.getString("type"));
  }

  /** Fails unless {@code event} is valid against the schema of its type. */
  public static void check(JsonObject event) {
    OutputUnit result = VALIDATORS.get(typeOf(event)).validate(event);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw new AssertionError(
          "event does not match its schema: " + event.encode() + "\n" + result.getErrors());
    }
  }

  /** Whether {@code event} is valid against the schema of {@code type}: for negative tests. */
  public static boolean valid(WorkOrderEventType type, JsonObject event) {
    return Boolean.TRUE.equals(VALIDATORS.get(type).validate(event).getValid());
  }
}
