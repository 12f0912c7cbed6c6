package dev.wrench.examples;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An application of its own that joins Wrench's cluster and consumes the work order events
 * (docs/event-consumers.md): Vert.x 5.0.7 with vertx-hazelcast, nothing of Wrench on its class
 * path. Run it with the cluster's settings in the environment:
 *
 * <pre>
 * CLUSTER_NAME=wrench CLUSTER_MEMBERS=10.0.0.5:5701,10.0.0.6:5701,10.0.0.7:5701 \
 *   CLUSTER_HOST=10.0.0.7 java ... dev.wrench.examples.WorkOrderEventConsumer
 * </pre>
 *
 * <p>{@code EventConsumerExampleTest} starts it against a clustered Wrench.
 */
public final class WorkOrderEventConsumer {

  /** Where Wrench publishes every work order event, once, after its commit. */
  public static final String ADDRESS = "wrench.events.work-orders";

  private WorkOrderEventConsumer() {}

  public static void main(String[] args) {
    String members = System.getenv().getOrDefault("CLUSTER_MEMBERS", "127.0.0.1:5701");
    join(
            System.getenv().getOrDefault("CLUSTER_NAME", "wrench"),
            System.getenv().getOrDefault("CLUSTER_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("CLUSTER_PORT", "5701")),
            Arrays.asList(members.split(",")),
            event ->
                System.out.println(
                    event.getString("type")
                        + " "
                        + event.getString("subject")
                        + " "
                        + event.getJsonObject("data").encode()))
        .onFailure(
            failure -> {
              System.err.println("Could not join the cluster: " + failure.getMessage());
              System.exit(1);
            });
  }

  /**
   * Joins the cluster {@code name} through {@code members} (host:port of Hazelcast on Wrench's
   * nodes, and this one's), binding Hazelcast and the event bus to {@code host}, and hands every
   * work order event (a CloudEvent as a JsonObject) to {@code onEvent}.
   */
  public static Future<Vertx> join(
      String name,
      String host,
      int hazelcastPort,
      List<String> members,
      Consumer<JsonObject> onEvent) {
    Config hazelcast = ConfigUtil.loadConfig(); // Vert.x's maps and locks
    hazelcast.setClusterName(name);
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(hazelcastPort).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(host);
    network.setPublicAddress(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    members.forEach(member -> join.getTcpIpConfig().addMember(member.trim()));
    return Vertx.builder()
        .with(
            new VertxOptions()
                .setEventBusOptions(new EventBusOptions().setHost(host).setClusterPublicHost(host)))
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .compose(
            vertx ->
                vertx
                    .eventBus()
                    .<JsonObject>consumer(
                        ADDRESS,
                        (Message<JsonObject> message) -> {
                          // Structured mode: the body is the whole CloudEvent, and says so.
                          if ("application/cloudevents+json"
                              .equals(message.headers().get("content-type"))) {
                            onEvent.accept(message.body());
                          }
                        })
                    .completion()
                    .map(vertx));
  }
}
