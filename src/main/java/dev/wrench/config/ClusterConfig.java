package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cluster}: when {@code enabled}, Vert.x joins a Hazelcast cluster named {@code name}
 * (TCP-IP join on {@code members}, never multicast) so that the event bus spans the nodes. {@code
 * host} is the address this node binds and announces (Hazelcast and the event bus); {@code port}
 * the first Hazelcast port tried (the next ones follow when it is taken); {@code eventBusPort} the
 * event bus's TCP port (0: any free one).
 */
public record ClusterConfig(
    boolean enabled, String name, String host, int port, List<String> members, int eventBusPort) {

  public ClusterConfig {
    members = List.copyOf(members);
  }

  /** From the checked {@code cluster} subtree. */
  public static ClusterConfig from(JsonObject cluster) {
    List<String> members = new ArrayList<>();
    cluster.getJsonArray("members").forEach(member -> members.add((String) member));
    return new ClusterConfig(
        cluster.getBoolean("enabled"),
        cluster.getString("name"),
        cluster.getString("host").trim(),
        cluster.getInteger("port"),
        members,
        cluster.getInteger("event_bus_port"));
  }

  public String describe() {
    return enabled
        ? "clustered (Hazelcast cluster "
            + name
            + ", this node "
            + host
            + ":"
            + port
            + ", members "
            + members
            + ")"
        : "not clustered (cluster.enabled=false)";
  }
}
