package dev.wrench.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.wrench.config.ClusterConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast set-up of a clustered Wrench: nodes find each other by TCP-IP on the configured
 * members only (multicast and cloud auto-detection off: a data centre or a CI box must not join
 * strangers), phone-home off, and no start-up wait for a join (the members are listed, so there is
 * nothing to wait for). The event bus binds and announces {@code cluster.host} so that the other
 * nodes reach this one at an address they can route to.
 */
public final class Clustering {

  private Clustering() {}

  public static HazelcastClusterManager clusterManager(ClusterConfig cluster) {
    return new HazelcastClusterManager(hazelcastConfig(cluster));
  }

  static Config hazelcastConfig(ClusterConfig cluster) {
    // Vert.x's default cluster config (its maps and locks), then the network made explicit.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    // Logs through SLF4J (Logback's JSON lines) like the rest of Wrench.
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    network.setPublicAddress(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    // One address per member: "host:5701-5703" would be read as a port number and fail.
    cluster.members().forEach(member -> join.getTcpIpConfig().addMember(member));
    return config;
  }

  /** The event bus between nodes: bound to and announced at {@code cluster.host}. */
  public static EventBusOptions eventBusOptions(ClusterConfig cluster) {
    return new EventBusOptions()
        .setHost(cluster.host())
        .setClusterPublicHost(cluster.host())
        .setPort(cluster.eventBusPort());
  }
}
