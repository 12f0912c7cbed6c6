package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaKeysTest {

  @Test
  void theKnownKeysAreTheSchemasDottedPaths() {
    assertThat(SchemaKeys.KNOWN)
        .contains("http", "http.port", "http.cors.allowed_origins", "rate_limit.routes")
        .doesNotContain("rate_limit.routes.issueToken");
  }

  @Test
  void distanceCountsEditsAndSwaps() {
    assertThat(SchemaKeys.distance("http.port", "http.port")).isZero();
    assertThat(SchemaKeys.distance("http.prot", "http.port")).isEqualTo(1);
    assertThat(SchemaKeys.distance("htp.port", "http.port")).isEqualTo(1);
    assertThat(SchemaKeys.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(SchemaKeys.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void theNearestKeyIsSuggestedOnlyWhenItIsClose() {
    assertThat(SchemaKeys.nearest("http.prot")).isEqualTo("http.port");
    assertThat(SchemaKeys.nearest("database.pool-size")).isEqualTo("database.pool_size");
    assertThat(SchemaKeys.nearest("smtp.passwd")).isEqualTo("smtp.password");
    assertThat(SchemaKeys.nearest("something.else.entirely")).isNull();
  }
}
