package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.Http;
import dev.wrench.support.TestDatabase;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * PostgreSQL goes away (its connections cut by a TCP proxy in the test) and comes back: requests
 * get 503 problems (never a hang or a bare 500), readiness reports the database down, and the
 * service recovers by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

  private NioReactor reactor;
  private TcpCrusher proxy;
  private WrenchServer server;

  @BeforeAll
  void start() throws IOException {
    TestDatabase database = TestDatabase.create();
    URI real = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    int proxyPort;
    try (ServerSocket free = new ServerSocket(0)) {
      proxyPort = free.getLocalPort();
    }
    reactor = new NioReactor();
    proxy =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", proxyPort)
            .withConnectAddress(real.getHost(), real.getPort())
            .buildAndOpen();
    String throughProxy =
        "postgresql://postgres@127.0.0.1:" + proxyPort + "/" + real.getPath().substring(1);
    server =
        WrenchServer.start(
            database, new JsonObject().put("database", new JsonObject().put("url", throughProxy)));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (reactor != null) {
      reactor.close();
    }
  }

  @Test
  void anOutageGives503AndTheServiceRecoversWhenTheDatabaseReturns() {
    String admin = server.adminToken();
    Http http = server.http();
    assertThat(http.get("/api/v1/work-orders").token(admin).send().status()).isEqualTo(200);

    proxy.close();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Http.Response down = http.get("/api/v1/work-orders").token(admin).send();
              assertThat(down.status()).isEqualTo(503);
              assertThat(down.json().getString("type")).isEqualTo("/problems/service-unavailable");
              assertThat(down.body().toString())
                  .doesNotContain("Exception")
                  .doesNotContain("127.0.0.1");
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Http.Response ready = http.get("/health/ready").send();
              assertThat(ready.status()).isEqualTo(503);
              assertThat(ready.json().getString("status")).isEqualTo("DOWN");
            });
    assertThat(http.get("/health/live").send().status()).isEqualTo(200);

    proxy.open();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(http.get("/api/v1/work-orders").token(admin).send().status())
                    .isEqualTo(200));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(http.get("/health/ready").send().status()).isEqualTo(200));
  }
}
