package dev.wrench.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The codec of the features' bus requests and replies: within the process the JSON object is handed
 * over as it is, where Vert.x's own JSON codec copies it, deep, at every delivery (twice a call:
 * the request and the reply). Between nodes it travels as JSON text, as with Vert.x's codec.
 *
 * <p>Safe because a request and a reply are built for the one call and nobody writes to them once
 * sent: {@link BusCodec} makes each request afresh, and a serving verticle replies with a result it
 * keeps no reference to.
 */
public final class UncopiedJson implements MessageCodec<JsonObject, JsonObject> {

  static final String NAME = "wrench.json.uncopied";

  // The event buses this codec is registered with (a test's JVM has several Vert.x instances).
  private static final Map<EventBus, Boolean> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  UncopiedJson() {}

  /** Delivery options that use this codec on {@code bus}, registering it there once. */
  public static DeliveryOptions on(EventBus bus, DeliveryOptions options) {
    REGISTERED.computeIfAbsent(
        bus,
        b -> {
          b.registerCodec(new UncopiedJson());
          return Boolean.TRUE;
        });
    return new DeliveryOptions(options).setCodecName(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    int start = pos + 4;
    return new JsonObject(buffer.slice(start, start + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
