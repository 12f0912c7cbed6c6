package dev.wrench.pm;

import io.vertx.core.json.JsonObject;

/**
 * {@code pm}: the generator of preventive work orders: how many missed occurrences of a schedule it
 * still generates after downtime, how often it looks, how much one round takes, and how long an
 * instance's claim on an occurrence lasts.
 */
public record PmConfig(
    int catchUpLimit, long generatorIntervalMs, int batchSize, int claimLeaseSeconds) {

  /** From the checked {@code pm} subtree. */
  public static PmConfig from(JsonObject pm) {
    return new PmConfig(
        pm.getInteger("catch_up_limit"),
        pm.getLong("generator_interval_ms"),
        pm.getInteger("batch_size"),
        pm.getInteger("claim_lease_seconds"));
  }
}
