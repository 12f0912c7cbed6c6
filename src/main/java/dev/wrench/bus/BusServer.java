package dev.wrench.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The serving side of a bus contract ({@link Bus}): one local consumer per method of the interface,
 * which decodes the request, calls the implementation and replies with its result. Local: in a
 * clustered deployment a request is always served by this node's own verticle (its own pool), and
 * on an event loop by the instance on the caller's own loop where there is one ({@link SameLoop}).
 */
public final class BusServer {

  /** What the serving verticle does with the outcome of a call beyond replying. */
  public interface Outcomes {

    /** Answers {@code message} for a failed call (maps the failure to a status and a problem). */
    void failed(String address, Message<JsonObject> message, Throwable failure);

    /** A call marked {@link Bus.AppendsEvents} has committed. */
    void eventsAppended();
  }

  private BusServer() {}

  /**
   * Registers {@code implementation} for every call of {@code contract}. The implementation may
   * implement {@code contract} or only the interfaces that declare its calls.
   */
  public static List<MessageConsumer<JsonObject>> serve(
      EventBus bus, Class<?> contract, Object implementation, Outcomes outcomes) {
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    DeliveryOptions replies = UncopiedJson.on(bus, new DeliveryOptions());
    for (Method method : BusCodec.calls(contract)) {
      if (!method.getDeclaringClass().isInstance(implementation)) {
        throw new IllegalArgumentException(
            implementation.getClass().getName() + " does not implement " + method);
      }
      BusCodec codec = BusCodec.of(contract, method);
      consumers.addAll(
          SameLoop.<JsonObject>localConsumers(
              bus,
              codec.address,
              message -> {
                Future<JsonObject> result = call(method, implementation, codec, message);
                result
                    .onSuccess(
                        reply -> {
                          message.reply(reply, replies);
                          if (codec.appendsEvents) {
                            outcomes.eventsAppended();
                          }
                        })
                    .onFailure(e -> outcomes.failed(codec.address, message, e));
              }));
    }
    return consumers;
  }

  @SuppressWarnings("unchecked")
  private static Future<JsonObject> call(
      Method method, Object implementation, BusCodec codec, Message<JsonObject> message) {
    try {
      Object result = method.invoke(implementation, codec.decode(message.body()));
      return result == null
          ? Future.failedFuture(new IllegalStateException(method + " returned null"))
          : (Future<JsonObject>) result;
    } catch (InvocationTargetException e) {
      return Future.failedFuture(e.getCause());
    } catch (RuntimeException | IllegalAccessException e) {
      return Future.failedFuture(e);
    }
  }
}
