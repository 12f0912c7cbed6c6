package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.config.ConfigLoader;
import dev.wrench.support.Http;
import dev.wrench.support.TestRedis;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The alert rules and the dashboard in {@code deploy/} name only metrics that a running Wrench
 * exposes: an alert on a metric that does not exist never fires, and nobody notices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployArtifactsTest {

  private static final Pattern METRIC =
      Pattern.compile("\\b((?:vertx|wrench|jvm|process)_[a-z0-9_]+)\\b");

  private WrenchServer server;
  private String scrape;

  @BeforeAll
  void scrapeAServerThatDidSomeWork() {
    // With Redis, so that its breaker's gauge exists.
    server =
        WrenchServer.start(
            new JsonObject()
                .put(
                    "redis",
                    new JsonObject()
                        .put("url", TestRedis.url())
                        .put("key_prefix", TestRedis.uniquePrefix())));
    Http http = server.http();
    String admin = server.adminToken();
    JsonObject created =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "for the dashboard"))
            .send()
            .json();
    String path = "/api/v1/work-orders/" + created.getString("id");
    http.get(path).token(admin).send();
    for (String status : new String[] {"in_progress", "completed"}) {
      http.patch(path)
          .token(admin)
          .header("If-Match", http.get(path).token(admin).send().header("ETag"))
          .mergePatch(new JsonObject().put("status", status))
          .send();
    }
    // GC pause timers exist once the JVM has collected at least once, and the pause is recorded
    // when the GC notification arrives (on a JMX thread): scrape until it is there.
    System.gc();
    org.awaitility.Awaitility.await("a GC pause on /metrics")
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () -> {
              scrape = http.get("/metrics").send().body().toString();
              return scrape.contains("jvm_gc_pause_seconds_bucket");
            });
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Set<String> referencedIn(String file) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(Files.readString(Path.of(file)));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private Set<String> missing(Set<String> names) {
    Set<String> missing = new TreeSet<>();
    for (String name : names) {
      if (!Pattern.compile("^" + Pattern.quote(name) + "[{ ]", Pattern.MULTILINE)
          .matcher(scrape)
          .find()) {
        missing.add(name);
      }
    }
    return missing;
  }

  @Test
  void everyAlertRuleNamesAnExposedMetric() throws IOException {
    Set<String> names = referencedIn("deploy/prometheus/alerts.yml");
    assertThat(names).contains("vertx_http_server_requests_total", "wrench_circuit_breaker_state");
    assertThat(missing(names)).isEmpty();
  }

  @Test
  void anInstanceThatStopsAnsweringRaisesAnAlert() throws IOException {
    String alerts = Files.readString(Path.of("deploy/prometheus/alerts.yml"));
    String scrapeConfig = Files.readString(Path.of("deploy/prometheus/prometheus.yml"));
    assertThat(scrapeConfig).contains("job_name: wrench");
    assertThat(alerts).contains("alert: WrenchInstanceDown").contains("up{job=\"wrench\"} == 0");
  }

  /** Wrench's own meters all have a panel: a meter nobody looks at is a meter nobody misses. */
  @Test
  void everyWrenchMeterHasAPanel() throws IOException {
    Set<String> exported = new TreeSet<>();
    Matcher m =
        Pattern.compile("^(wrench_[a-z0-9_]+?)(?:_total)?[{ ]", Pattern.MULTILINE).matcher(scrape);
    while (m.find()) {
      exported.add(m.group(1));
    }
    assertThat(exported)
        .contains(
            "wrench_build_info", "wrench_circuit_breaker_state", "wrench_notification_pending");
    String dashboard = Files.readString(Path.of("deploy/grafana/wrench-dashboard.json"));
    assertThat(exported).allSatisfy(name -> assertThat(dashboard).contains(name));
  }

  @Test
  void everyDashboardPanelNamesAnExposedMetric() throws IOException {
    Set<String> names = referencedIn("deploy/grafana/wrench-dashboard.json");
    assertThat(names).hasSizeGreaterThan(10);
    assertThat(missing(names)).isEmpty();
  }

  /** The {@code NAME:} keys of the YAML block that starts at {@code header}, indented by two. */
  private static Set<String> variablesUnder(String text, String header) {
    int start = text.indexOf("\n" + header + "\n");
    assertThat(start).as("%s in the file", header).isNotNegative();
    int indent = header.length() - header.stripLeading().length() + 2;
    Set<String> names = new TreeSet<>();
    for (String line : text.substring(start + header.length() + 2).split("\n")) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int lineIndent = line.length() - line.stripLeading().length();
      if (lineIndent < indent) {
        break;
      }
      Matcher m = Pattern.compile("^ {" + indent + "}([A-Z][A-Z0-9_]*):").matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void theComposeFileGivesTheServiceOnlyVariablesItReads() throws IOException {
    String compose = Files.readString(Path.of("docker-compose.yml"));
    int service = compose.indexOf("\n  wrench:\n");
    Set<String> given = variablesUnder(compose.substring(service), "    environment:");
    assertThat(given)
        .contains("DATABASE_URL", "REDIS_URL", "KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT");
    assertThat(given).allSatisfy(name -> assertThat(ConfigLoader.ENVIRONMENT).containsKey(name));
    // The hosts those URLs name are services of the same file.
    for (String host : new String[] {"postgres", "redis", "kafka", "minio"}) {
      assertThat(compose).contains("\n  " + host + ":\n");
    }
    assertThat(compose).contains("./deploy/prometheus/alerts.yml");
  }

  @Test
  void theComposeFilePinsEveryImageAndProvisionsTheDashboard() throws IOException {
    String compose = Files.readString(Path.of("docker-compose.yml"));
    Matcher image = Pattern.compile("(?m)^\\s+image: (\\S+)$").matcher(compose);
    int images = 0;
    while (image.find()) {
      images++;
      assertThat(image.group(1))
          .as("an image pinned to a version")
          .matches("[a-z0-9./-]+:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*")
          .doesNotEndWith(":latest");
    }
    assertThat(images).isGreaterThanOrEqualTo(6);
    // The admin the documentation tells a newcomer to log in as is the one compose creates.
    Matcher readmeDefault =
        Pattern.compile("`BOOTSTRAP_ADMIN_EMAIL` \\| `bootstrap.admin_email` \\| `([^`]+)`")
            .matcher(Files.readString(Path.of("docs", "configuration.md")));
    assertThat(readmeDefault.find()).isTrue();
    assertThat(compose).contains("${BOOTSTRAP_ADMIN_EMAIL:-" + readmeDefault.group(1) + "}");
    // Grafana gets the data source and the dashboard this repository keeps.
    assertThat(compose)
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning")
        .contains("./deploy/grafana/wrench-dashboard.json:/var/lib/grafana/dashboards/");
    assertThat(Path.of("deploy/grafana/provisioning/datasources/prometheus.yml")).exists();
    assertThat(Files.readString(Path.of("deploy/grafana/provisioning/dashboards/wrench.yml")))
        .contains("path: /var/lib/grafana/dashboards");
  }

  @Test
  void theKubernetesExampleUsesOnlyVariablesWrenchReadsAndProbesThatExist() throws IOException {
    Set<String> configured =
        variablesUnder(Files.readString(Path.of("deploy/k8s/configmap.yaml")), "data:");
    assertThat(configured).contains("REDIS_URL", "SHUTDOWN_DRAIN_DELAY_MS");
    assertThat(configured).contains("WRENCH_PROFILE");
    assertThat(configured)
        .allSatisfy(
            name ->
                assertThat(
                        ConfigLoader.ENVIRONMENT.containsKey(name) || name.equals("WRENCH_PROFILE"))
                    .as(name)
                    .isTrue());
    String deployment = Files.readString(Path.of("deploy/k8s/deployment.yaml"));
    Matcher env = Pattern.compile("\\{name: ([A-Z][A-Z0-9_]*), value:").matcher(deployment);
    while (env.find()) {
      assertThat(ConfigLoader.ENVIRONMENT).containsKey(env.group(1));
    }
    String contract = Files.readString(Path.of("openapi/wrench.yaml"));
    Matcher probe = Pattern.compile("path: (/[a-z/]+)").matcher(deployment);
    int probes = 0;
    while (probe.find()) {
      assertThat(contract).contains("\n  " + probe.group(1) + ":\n");
      probes++;
    }
    assertThat(probes).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theImageRunsWithTheFlagsOfTheRunCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(readme).contains("java -Xmx256m -XX:+UseParallelGC -jar target/wrench.jar");
    assertThat(dockerfile)
        .contains("ENTRYPOINT [\"java\", \"-Xmx256m\", \"-XX:+UseParallelGC\", \"-jar\"")
        .contains("HEALTHCHECK")
        .contains("USER wrench");
  }

  @Test
  void theCheckCatchesAMetricThatDoesNotExist() {
    assertThat(missing(Set.of("wrench_no_such_metric_total", "vertx_http_server_requests_total")))
        .containsExactly("wrench_no_such_metric_total");
  }
}
