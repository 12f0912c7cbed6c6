package dev.wrench.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * The caller's side of a bus contract ({@link Bus}): an implementation of the interface whose every
 * call is one request to its address. A refusal arrives as the request's failure, a {@code
 * ReplyException} carrying the status and the problem, as before.
 */
public final class BusClient {

  private BusClient() {}

  public static <T> T of(EventBus bus, Class<T> contract, DeliveryOptions options) {
    Map<Method, BusCodec> calls = new HashMap<>();
    for (Method method : BusCodec.calls(contract)) {
      calls.put(method, BusCodec.of(contract, method));
    }
    DeliveryOptions delivery = UncopiedJson.on(bus, options);
    InvocationHandler handler =
        (proxy, method, args) -> {
          BusCodec call = calls.get(method);
          if (call != null) {
            return bus.<JsonObject>request(
                    SameLoop.nearest(call.address), call.encode(args), delivery)
                .map(Message::body);
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return switch (method.getName()) {
            case "toString" -> "bus client of " + contract.getSimpleName();
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> Future.failedFuture(new UnsupportedOperationException(method.toString()));
          };
        };
    return contract.cast(
        Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract}, handler));
  }
}
