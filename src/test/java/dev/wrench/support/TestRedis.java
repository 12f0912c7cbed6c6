package dev.wrench.support;

import java.util.UUID;

/**
 * The Redis the tests share: {@code WRENCH_TEST_REDIS} (default the one at {@code 127.0.0.1:6379}),
 * or, where none answers, a private {@code redis-server} for the whole test JVM. Tests that share
 * it take a key prefix of their own, so that parallel runs never collide.
 */
public final class TestRedis {

  private static final String URL = resolve();

  private TestRedis() {}

  private static String resolve() {
    String configured = System.getenv().getOrDefault("WRENCH_TEST_REDIS", "127.0.0.1:6379");
    int colon = configured.lastIndexOf(':');
    if (RedisProcess.answers(
        configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1)))) {
      return "redis://" + configured;
    }
    RedisProcess own = RedisProcess.start();
    Runtime.getRuntime().addShutdownHook(new Thread(own::close));
    System.err.println(
        "No Redis at " + configured + ": the tests use a redis-server on port " + own.port());
    return own.url();
  }

  public static String url() {
    return URL;
  }

  /** A key prefix no other test run uses. */
  public static String uniquePrefix() {
    return "wrench-test-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
