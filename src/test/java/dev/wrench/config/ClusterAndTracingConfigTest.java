package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wrench.app.AppConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster.* and tracing.* keys: defaults, the environment's forms, and refused values. */
class ClusterAndTracingConfigTest {

  private static ConfigException refused(JsonObject json) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AppConfig.load(json));
    assertThat(e).as("config %s", json.encode()).isNotNull();
    return e;
  }

  @Test
  void bothAreOffByDefault() {
    AppConfig config = AppConfig.load(new JsonObject());
    assertThat(config.cluster())
        .isEqualTo(new ClusterConfig(false, "wrench", "127.0.0.1", 5701, List.of(), 0));
    assertThat(config.cluster().describe()).startsWith("not clustered");
    assertThat(config.tracing().enabled()).isFalse();
    // Traces over OTLP/HTTP (the exporter's JDK sender speaks HTTP, not gRPC); metrics and logs
    // have their own ways out (/metrics, stdout), so the SDK exports neither.
    assertThat(config.tracing().properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "otel.service.name", "wrench",
                "otel.traces.exporter", "otlp",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none"));
  }

  @Test
  void theEnvironmentTurnsClusteringOnWithACommaSeparatedMemberList() {
    JsonObject merged =
        new JsonObject()
            .put("CLUSTER_ENABLED", "true")
            .put("CLUSTER_MEMBERS", "10.0.0.1, 10.0.0.2:5702")
            .put("CLUSTER_HOST", "10.0.0.3")
            .put("CLUSTER_PORT", "5801")
            .put("CLUSTER_NAME", "wrench-prod")
            .put("TRACING_ENABLED", "true");
    AppConfig config = AppConfig.load(ConfigLoader.applyEnvironment(merged));
    assertThat(config.cluster())
        .isEqualTo(
            new ClusterConfig(
                true, "wrench-prod", "10.0.0.3", 5801, List.of("10.0.0.1", "10.0.0.2:5702"), 0));
    assertThat(config.cluster().describe()).startsWith("clustered (Hazelcast cluster wrench-prod");
    assertThat(config.tracing().enabled()).isTrue();
  }

  @Test
  void membersMayBeAYamlList() {
    AppConfig config =
        AppConfig.load(
            new JsonObject()
                .put(
                    "cluster",
                    new JsonObject()
                        .put("enabled", true)
                        .put("members", new JsonArray().add("node-a").add("node-b:5701"))));
    assertThat(config.cluster().members()).containsExactly("node-a", "node-b:5701");
  }

  @Test
  void aClusterWithoutMembersIsRefused() {
    assertThat(
            refused(new JsonObject().put("cluster", new JsonObject().put("enabled", true)))
                .problems())
        .anySatisfy(p -> assertThat(p).startsWith("cluster.members must name at least one"));
  }

  @Test
  void aPortRangeOrABadMemberIsRefusedBeforeHazelcastStarts() {
    // Hazelcast would fail on "host:5701-5703" (NumberFormatException) at join time.
    List<String> problems =
        refused(
                new JsonObject()
                    .put(
                        "cluster",
                        new JsonObject()
                            .put("enabled", true)
                            .put("members", "127.0.0.1:5701-5703,bad host,ok:99999")
                            .put("port", 0)
                            .put("host", "no/slash")))
            .problems();
    assertThat(problems)
        .contains(
            "cluster.members '127.0.0.1:5701-5703' is not host or host:port",
            "cluster.members 'bad host' is not host or host:port",
            "cluster.members 'ok:99999' is not host or host:port",
            "cluster.host is not a host name or address")
        .anySatisfy(p -> assertThat(p).startsWith("cluster.port must be between 1 and 65535"));
    assertThat(
            refused(new JsonObject().put("cluster", new JsonObject().put("members", 5))).problems())
        .contains("cluster.members must be a list of host or host:port");
  }

  @Test
  void tracingPropertiesAreOpenTelemetryOnes() {
    AppConfig config =
        AppConfig.load(
            new JsonObject()
                .put(
                    "tracing",
                    new JsonObject()
                        .put("enabled", true)
                        .put("properties", new JsonObject().put("otel.service.name", "w"))));
    assertThat(config.tracing().properties())
        .containsEntry("otel.service.name", "w")
        .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
        .containsEntry("otel.metrics.exporter", "none");
    assertThat(
            refused(
                    new JsonObject()
                        .put(
                            "tracing",
                            new JsonObject()
                                .put("properties", new JsonObject().put("service.name", "w"))))
                .problems())
        .contains("tracing.properties.service.name is not an OpenTelemetry property (otel.*)");
    assertThat(
            refused(new JsonObject().put("tracing", new JsonObject().put("properties", "x")))
                .problems())
        .contains("tracing.properties must be a map of otel.* property to value");
  }
}
