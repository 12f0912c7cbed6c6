package dev.wrench.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * What {@code /health/ready} says about the cluster: this node and the members it sees. Kept in the
 * Vert.x instance's local map (the HTTP verticles cannot reach the cluster manager otherwise);
 * reading it asks Hazelcast for its member list, which it holds in memory: cheap enough for a probe
 * every second.
 */
public final class ClusterMembership implements Shareable {

  private static final String MAP = "wrench.cluster";
  private static final String KEY = "membership";

  private final ClusterManager clusterManager;

  private ClusterMembership(ClusterManager clusterManager) {
    this.clusterManager = clusterManager;
  }

  /** Remembers the cluster manager of a clustered {@code vertx}. */
  public static void register(Vertx vertx, ClusterManager clusterManager) {
    vertx.sharedData().getLocalMap(MAP).put(KEY, new ClusterMembership(clusterManager));
  }

  /** {@code {clustered: false}}, or {@code {clustered: true, node_id, members, nodes}}. */
  public static JsonObject describe(Vertx vertx) {
    Object membership = vertx.sharedData().getLocalMap(MAP).get(KEY);
    if (!(membership instanceof ClusterMembership known) || !vertx.isClustered()) {
      return new JsonObject().put("clustered", false);
    }
    JsonArray nodes = new JsonArray(known.clusterManager.getNodes());
    return new JsonObject()
        .put("clustered", true)
        .put("node_id", known.clusterManager.getNodeId())
        .put("members", nodes.size())
        .put("nodes", nodes);
  }
}
