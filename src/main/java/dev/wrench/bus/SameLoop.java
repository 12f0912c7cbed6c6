package dev.wrench.bus;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a bus request on the event loop it started on. A verticle serving an address from an event
 * loop registers, beside the shared address, one of its own ({@code <address>#loop-<n>}); a caller
 * on that same event loop sends there instead of to the shared address, whose consumers Vert.x
 * takes in turn whatever their thread. The request and its reply then never change thread: no
 * wake-up of another loop, no cache lines moved between cores, and each database verticle's pool
 * serves the HTTP verticle beside it (issue 16: 35 % of the service's CPU was the kernel switching
 * threads between the HTTP, cache and database verticles).
 *
 * <p>The shared address stays: callers on a loop without a consumer of their own (a worker, a loop
 * whose instance is gone, another node) use it, and so does anything that sends by name.
 *
 * <p>Which loops have which consumers is kept per thread, so that several Vert.x instances in one
 * JVM (the tests' clusters) never see each other's.
 */
public final class SameLoop {

  /** Separates an address from the suffix of its per-loop copy. */
  public static final String LOOP_SUFFIX = "#loop-";

  private static final ThreadLocal<Map<String, MessageConsumer<?>>> SERVED_HERE =
      ThreadLocal.withInitial(HashMap::new);
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private SameLoop() {}

  /**
   * Registers {@code handler} as a local consumer of {@code address} and, when called on an event
   * loop, of that loop's own copy of it. Both are unregistered with the verticle that called this.
   */
  public static <T> List<MessageConsumer<T>> localConsumers(
      EventBus bus, String address, Handler<Message<T>> handler) {
    List<MessageConsumer<T>> consumers = new ArrayList<>(2);
    consumers.add(bus.localConsumer(address, handler));
    if (Context.isOnEventLoopThread()) {
      MessageConsumer<T> own =
          bus.localConsumer(address + LOOP_SUFFIX + SEQUENCE.incrementAndGet(), handler);
      SERVED_HERE.get().put(address, own);
      consumers.add(own);
    }
    return consumers;
  }

  /**
   * Where a request for {@code address} goes from the calling thread: the copy served on this event
   * loop while its consumer is registered, else the shared address.
   */
  public static String nearest(String address) {
    Map<String, MessageConsumer<?>> served = SERVED_HERE.get();
    MessageConsumer<?> own = served.get(address);
    if (own == null) {
      return address;
    }
    if (!own.isRegistered()) {
      // Its verticle is gone (undeployed, or a redeploy put the new one on another loop).
      served.remove(address, own);
      return address;
    }
    return own.address();
  }

  /**
   * {@code address} without the suffix of an instance's own copy of it ({@code #loop-3}): the name
   * that metrics and observers of the bus group by.
   */
  public static String shared(String address) {
    int own = address.indexOf('#');
    return own < 0 ? address : address.substring(0, own);
  }
}
