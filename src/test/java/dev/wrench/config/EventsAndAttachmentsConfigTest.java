package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.app.AppConfig;
import dev.wrench.attachment.AttachmentsConfig;
import dev.wrench.events.EventsConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The checked configuration of events (Kafka and the outbox relay) and of attachments (local folder
 * or S3): defaults, values as given, and bad settings named.
 */
class EventsAndAttachmentsConfigTest extends CheckedConfigFixture {

  @Test
  void eventsDefaultToTheInProcessDelivery() {
    EventsConfig events = AppConfig.load(new JsonObject()).events();
    assertThat(events)
        .isEqualTo(
            new EventsConfig("", "wrench.work-orders.events", 15_000, 250, 3, 500, 30_000, 60_000));
    assertThat(events.kafka()).isFalse();
  }

  @Test
  void kafkaAndTheRelayAreReadAsGiven() {
    JsonObject json = with("kafka.bootstrap_servers", "kafka-1:9092,10.0.0.2:9093");
    with(json, "kafka.topic", "wo.events");
    with(json, "kafka.delivery_timeout_ms", "20000");
    with(json, "events.relay.lease_ms", 25_000);
    with(json, "events.relay.poll_ms", 10);
    with(json, "events.relay.nudge_gap_ms", 0);
    with(json, "events.relay.batch_size", 100);
    with(json, "events.overdue_check_ms", 1000);
    EventsConfig events = AppConfig.load(json).events();
    assertThat(events)
        .isEqualTo(
            new EventsConfig(
                "kafka-1:9092,10.0.0.2:9093", "wo.events", 20_000, 10, 0, 100, 25_000, 1_000));
    assertThat(events.kafka()).isTrue();
  }

  @Test
  void theRelayLeaseMustOutlastAKafkaDelivery() {
    JsonObject json = with("kafka.delivery_timeout_ms", 40_000);
    ConfigException e = refused(json);
    assertThat(e.problems())
        .containsExactly(
            "events.relay.lease_ms must be longer than kafka.delivery_timeout_ms (40000)");
  }

  @Test
  void attachmentsDefaultToALocalFolderWithTheDocumentedLimits() {
    AttachmentsConfig attachments = AppConfig.load(new JsonObject()).attachments();
    assertThat(attachments.usesS3()).isFalse();
    assertThat(attachments.describe()).contains("data/attachments");
    assertThat(attachments.maxSizeBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(attachments.allowedTypes()).contains("image/png", "image/jpeg", "application/pdf");
    assertThat(attachments.worker().maxAttempts()).isEqualTo(5);
  }

  @Test
  void s3IsSelectedByEndpointAndBucket() {
    JsonObject json = with("attachments.s3.endpoint", "http://127.0.0.1:9000");
    with(json, "attachments.s3.bucket", "wrench");
    with(json, "attachments.allowed_types", "image/png, application/pdf");
    with(json, "attachments.stream_downloads", "true");
    AttachmentsConfig attachments = AppConfig.load(json).attachments();
    assertThat(attachments.usesS3()).isTrue();
    assertThat(attachments.describe())
        .contains("S3 bucket wrench at http://127.0.0.1:9000")
        .contains("streamed");
    assertThat(attachments.allowedTypes()).containsExactly("image/png", "application/pdf");
    assertThat(attachments.s3().region()).isEqualTo("us-east-1");
  }

  @Test
  void badAttachmentSettingsAreNamed() {
    JsonObject json = with("attachments.s3.endpoint", "ftp://nowhere");
    with(json, "attachments.s3.access_key_id", "only-the-id");
    with(json, "attachments.allowed_types", new io.vertx.core.json.JsonArray().add("not a type"));
    with(json, "attachments.max_size_bytes", 0);
    assertThat(refused(json).getMessage())
        .contains("attachments.s3.endpoint")
        .contains("attachments.s3.bucket")
        .contains("attachments.s3.secret_access_key")
        .contains("attachments.allowed_types")
        .contains("attachments.max_size_bytes");
    assertThat(refused(with("attachments.allowed_types", 3)).getMessage())
        .contains("attachments.allowed_types");
    assertThat(refused(with("attachments.s3.endpoint", "http://[bad")).getMessage())
        .contains("attachments.s3.endpoint");
  }
}
