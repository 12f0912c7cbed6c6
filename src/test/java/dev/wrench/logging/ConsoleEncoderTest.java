package dev.wrench.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** LOG_FORMAT: JSON lines with numbers as numbers and ISO-8601 time, or readable text. */
class ConsoleEncoderTest {

  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger access = context.getLogger("wrench.access");

  private LoggingEvent accessLine() {
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            access,
            Level.INFO,
            "GET {} {}",
            null,
            new Object[] {"/x", 429});
    event.setMDCPropertyMap(Map.of("request_id", "r-1", "user_id", "u-1"));
    event.addKeyValuePair(new KeyValuePair("status", 429));
    event.addKeyValuePair(new KeyValuePair("duration_ms", 1.25));
    event.addKeyValuePair(new KeyValuePair("bytes_sent", 512L));
    event.addKeyValuePair(new KeyValuePair("completed", true));
    event.addKeyValuePair(new KeyValuePair("route", "/api/v1/work-orders"));
    event.addKeyValuePair(new KeyValuePair("ratio", Double.NaN));
    // Never twice: the message stays the formatted one, the MDC's user_id stays.
    event.addKeyValuePair(new KeyValuePair("message", "other"));
    event.addKeyValuePair(new KeyValuePair("user_id", "u-2"));
    return event;
  }

  private String encode(String format, LoggingEvent event) {
    ConsoleEncoder encoder = new ConsoleEncoder();
    encoder.setContext(context);
    encoder.setFormat(format);
    encoder.start();
    try {
      return new String(encoder.encode(event), StandardCharsets.UTF_8);
    } finally {
      encoder.stop();
    }
  }

  @Test
  void jsonLinesCarryNumbersAsNumbersAndAnIsoTimestamp() {
    String line = encode("json", accessLine());
    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("timestamp")).matches(ISO_UTC);
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("logger")).isEqualTo("wrench.access");
    assertThat(json.getString("message")).isEqualTo("GET /x 429");
    assertThat(json.getValue("status")).isEqualTo(429);
    assertThat(json.getValue("duration_ms")).isEqualTo(1.25);
    assertThat(json.getValue("bytes_sent")).isEqualTo(512);
    assertThat(json.getValue("completed")).isEqualTo(true);
    assertThat(json.getValue("ratio")).isEqualTo("NaN");
    assertThat(json.getString("route")).isEqualTo("/api/v1/work-orders");
    assertThat(json.getString("request_id")).isEqualTo("r-1");
    assertThat(json.getString("user_id")).isEqualTo("u-1");
  }

  @Test
  void anExceptionBecomesItsStackTrace() {
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            access,
            Level.ERROR,
            "failed",
            new IllegalStateException("boom"),
            null);
    JsonObject json = new JsonObject(encode("JSON", event));
    assertThat(json.getString("stack_trace")).contains("IllegalStateException: boom");
    assertThat(json.containsKey("request_id")).isFalse();
  }

  @Test
  void textIsOneReadableLineWithAnIsoTimestampAndTheMdc() {
    String line = encode("text", accessLine());
    assertThat(line)
        .matches(ISO_UTC + " INFO  \\[.*] wrench.access - GET /x 429 \\[.*request_id=r-1.*]\n");
    LoggingEvent plain =
        new LoggingEvent(Logger.class.getName(), access, Level.WARN, "no request", null, null);
    assertThat(encode("text", plain))
        .matches(ISO_UTC + " WARN  \\[.*] wrench.access - no request\n");
  }

  @Test
  void unsetIsTextOnATerminalAndJsonOtherwise() {
    assertThat(ConsoleEncoder.choose("", true)).isEqualTo("text");
    assertThat(ConsoleEncoder.choose("", false)).isEqualTo("json");
    assertThat(ConsoleEncoder.choose(" Text ", false)).isEqualTo("text");
    assertThat(ConsoleEncoder.choose("json", true)).isEqualTo("json");
    assertThat(ConsoleEncoder.choose("yaml", false)).isEqualTo("json");
    // Tests do not run on a terminal: an unknown format falls back to JSON.
    assertThat(new JsonObject(encode("yaml", accessLine())).getValue("status")).isEqualTo(429);
  }

  @Test
  void everyKindOfValueKeepsItsJsonType() {
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), access, Level.INFO, "values", null, null);
    event.addKeyValuePair(new KeyValuePair("short", (short) 3));
    event.addKeyValuePair(new KeyValuePair("float", 0.5f));
    event.addKeyValuePair(new KeyValuePair("decimal", new java.math.BigDecimal("1.50")));
    event.addKeyValuePair(
        new KeyValuePair("big", new java.math.BigInteger("12345678901234567890")));
    event.addKeyValuePair(new KeyValuePair("nothing", null));
    event.addKeyValuePair(new KeyValuePair("id", java.util.UUID.fromString(UUID_TEXT)));
    String line = encode("json", event);
    assertThat(line)
        .contains("\"short\":3,")
        .contains("\"float\":0.5,")
        .contains("\"decimal\":1.50,")
        .contains("\"big\":12345678901234567890,")
        .contains("\"nothing\":null,")
        .contains("\"id\":\"" + UUID_TEXT + "\"");
  }

  private static final String UUID_TEXT = "00000000-0000-0000-0000-000000000001";
}
