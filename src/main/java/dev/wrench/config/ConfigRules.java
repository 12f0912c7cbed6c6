package dev.wrench.config;

import dev.wrench.store.DatabaseSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the schema cannot say: rules across keys, and one value that must parse. They read the typed
 * configuration defensively (a value of the wrong type is the schema's to name) and name the key a
 * fix goes to.
 */
final class ConfigRules {

  private ConfigRules() {}

  static List<ConfigProblem> check(JsonObject config) {
    List<ConfigProblem> problems = new ArrayList<>();
    Rules rules = new Rules(config, problems);
    rules.relayLeaseOutlastsAKafkaDelivery();
    rules.lockoutsComeAfterTheDelays();
    rules.notificationBackoffGrows();
    rules.anExternalIdentityProviderIsComplete();
    rules.s3IsComplete();
    rules.aClusterHasMembers();
    rules.mailHasASender();
    rules.theDatabaseUrlParses();
    return problems;
  }

  private record Rules(JsonObject config, List<ConfigProblem> problems) {

    /** No instance takes the relay over while another's Kafka sends may still land. */
    void relayLeaseOutlastsAKafkaDelivery() {
      Long delivery = integer("kafka.delivery_timeout_ms");
      Long lease = integer("events.relay.lease_ms");
      if (delivery != null && lease != null && lease <= delivery) {
        problem(
            "events.relay.lease_ms",
            "must be longer than kafka.delivery_timeout_ms (" + delivery + ")");
      }
    }

    void lockoutsComeAfterTheDelays() {
      for (String subject : new String[] {"account", "address"}) {
        String k = "auth.login_throttle." + subject;
        Long delay = integer(k + "_delay_after");
        Long lockout = integer(k + "_lockout_after");
        if (delay != null && lockout != null && lockout < delay) {
          problem(k + "_lockout_after", "must not be below " + subject + "_delay_after");
        }
      }
    }

    void notificationBackoffGrows() {
      Long base = integer("notifications.backoff_base_ms");
      Long max = integer("notifications.backoff_max_ms");
      if (base != null && max != null && max < base) {
        problem("notifications.backoff_max_ms", "must not be less than backoff_base_ms");
      }
    }

    void anExternalIdentityProviderIsComplete() {
      String issuer = string("auth.external.issuer");
      if (issuer == null || issuer.isBlank()) {
        return;
      }
      if (issuer.equals(string("auth.issuer"))) {
        problem("auth.external.issuer", "must differ from auth.issuer");
      }
      String jwks = string("auth.external.jwks_url");
      if (jwks == null || jwks.isBlank()) {
        problem(
            "auth.external.jwks_url", "must be an http(s) URL when auth.external.issuer is set");
      }
    }

    void s3IsComplete() {
      String endpoint = string("attachments.s3.endpoint");
      String bucket = string("attachments.s3.bucket");
      if (endpoint != null && !endpoint.isBlank() && bucket != null && bucket.isBlank()) {
        problem("attachments.s3.bucket", "must be set when attachments.s3.endpoint is (S3_BUCKET)");
      }
      String accessKey = string("attachments.s3.access_key_id");
      String secretKey = string("attachments.s3.secret_access_key");
      if (accessKey != null && secretKey != null && accessKey.isBlank() != secretKey.isBlank()) {
        problem(
            "attachments.s3.secret_access_key",
            "and access_key_id go together (or leave both empty for the AWS credentials chain)");
      }
    }

    void aClusterHasMembers() {
      if (Boolean.TRUE.equals(value("cluster.enabled"))
          && value("cluster.members") instanceof JsonArray members
          && members.isEmpty()) {
        problem("cluster.members", "must name at least one member when cluster.enabled is true");
      }
    }

    void mailHasASender() {
      String host = string("smtp.host");
      String from = string("smtp.from");
      if (host != null && !host.isBlank() && from != null && !from.contains("@")) {
        problem("smtp.from", "is not an e-mail address");
      }
    }

    /** The schema checks the scheme; the driver's own parser has the last word. */
    void theDatabaseUrlParses() {
      String url = string("database.url");
      if (url != null && !url.isBlank() && !DatabaseSettings.isValidUrl(url)) {
        problem("database.url", "is not a postgresql:// URL");
      }
    }

    private void problem(String key, String message) {
      problems.add(new ConfigProblem(key, message));
    }

    private Object value(String dottedKey) {
      Object node = config;
      for (String part : dottedKey.split("\\.")) {
        if (!(node instanceof JsonObject object)) {
          return null;
        }
        node = object.getValue(part);
      }
      return node;
    }

    private String string(String dottedKey) {
      return value(dottedKey) instanceof String text ? text : null;
    }

    private Long integer(String dottedKey) {
      Object value = value(dottedKey);
      return value instanceof Integer || value instanceof Long
          ? ((Number) value).longValue()
          : null;
    }
  }
}
