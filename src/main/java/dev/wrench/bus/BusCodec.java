package dev.wrench.bus;

import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One method of a bus contract: its address and how its arguments become the request and back.
 * Built once per method when a client or a server is made, never per message.
 */
final class BusCodec {

  private static final List<Class<?>> PLAIN =
      List.of(
          String.class,
          Integer.class,
          Long.class,
          Boolean.class,
          JsonObject.class,
          JsonArray.class);

  final String address;
  final boolean appendsEvents;
  private final Field[] fields;
  private final boolean wholeMessage;

  private record Field(String name, Class<?> type) {}

  private BusCodec(String address, boolean appendsEvents, Field[] fields, boolean wholeMessage) {
    this.address = address;
    this.appendsEvents = appendsEvents;
    this.fields = fields;
    this.wholeMessage = wholeMessage;
  }

  /** The methods of {@code contract} that are bus calls: every abstract one, inherited too. */
  static List<Method> calls(Class<?> contract) {
    List<Method> calls = new ArrayList<>();
    for (Method method : contract.getMethods()) {
      if (!method.isDefault() && !java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
        calls.add(method);
      }
    }
    return calls;
  }

  static BusCodec of(Class<?> contract, Method method) {
    Bus.Address prefix = contract.getAnnotation(Bus.Address.class);
    if (prefix == null) {
      throw new IllegalArgumentException(contract.getName() + " has no @Bus.Address");
    }
    if (method.getReturnType() != Future.class
        || !(method.getGenericReturnType() instanceof ParameterizedType returned)
        || returned.getActualTypeArguments()[0] != JsonObject.class) {
      throw new IllegalArgumentException(method + " must return Future<JsonObject>");
    }
    Bus.Verb verb = method.getAnnotation(Bus.Verb.class);
    String address = prefix.value() + "." + (verb != null ? verb.value() : kebab(method.getName()));
    Parameter[] parameters = method.getParameters();
    boolean whole = parameters.length == 1 && parameters[0].isAnnotationPresent(Bus.Message.class);
    Field[] fields = new Field[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      Class<?> type = parameters[i].getType();
      if (type != Actor.class && type != CreateRequest.class && !PLAIN.contains(type)) {
        throw new IllegalArgumentException(method + ": no wire form for " + type.getName());
      }
      if (!parameters[i].isNamePresent()) {
        throw new IllegalStateException("compile with -parameters: " + method);
      }
      fields[i] = new Field(snake(parameters[i].getName()), type);
    }
    return new BusCodec(
        address, method.isAnnotationPresent(Bus.AppendsEvents.class), fields, whole);
  }

  JsonObject encode(Object[] args) {
    if (wholeMessage) {
      return args[0] == null ? new JsonObject() : (JsonObject) args[0];
    }
    JsonObject message = new JsonObject();
    for (int i = 0; i < fields.length; i++) {
      Object value = args[i];
      if (value == null) {
        continue;
      }
      if (value instanceof Actor actor) {
        message.put(fields[i].name, actor.toJson());
      } else if (value instanceof CreateRequest create) {
        create.writeTo(message);
      } else {
        message.put(fields[i].name, value);
      }
    }
    return message;
  }

  Object[] decode(JsonObject message) {
    if (wholeMessage) {
      return new Object[] {message};
    }
    Object[] args = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Field field = fields[i];
      Class<?> type = field.type;
      if (type == Actor.class) {
        JsonObject actor = message.getJsonObject(field.name);
        args[i] = actor == null ? null : Actor.fromJson(actor);
      } else if (type == CreateRequest.class) {
        args[i] = CreateRequest.readFrom(message);
      } else if (type == JsonObject.class) {
        // An absent query or body is an empty one, as the resource verbs have always read them.
        args[i] = message.getJsonObject(field.name, new JsonObject());
      } else if (type == Integer.class) {
        args[i] = message.getInteger(field.name);
      } else if (type == Long.class) {
        args[i] = message.getLong(field.name);
      } else if (type == Boolean.class) {
        args[i] = message.getBoolean(field.name);
      } else {
        args[i] = message.getValue(field.name);
      }
    }
    return args;
  }

  static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
