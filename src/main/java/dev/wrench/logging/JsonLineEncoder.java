package dev.wrench.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code timestamp} (ISO-8601, UTC, milliseconds), {@code level}, {@code
 * logger}, {@code thread}, {@code message}, then the MDC entries ({@code request_id}, {@code
 * trace_id}, {@code org_id}, {@code user_id}) and the line's key-value pairs (the access log's
 * {@code method}, {@code route}, {@code status}, {@code duration_ms}, ...) as fields of their own,
 * numbers as JSON numbers and booleans as booleans; {@code stack_trace} when there is an exception.
 * A key already written (a field above, or an MDC entry) is not written twice.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  private static final byte[] NOTHING = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      Set<String> written = new HashSet<>();
      string(json, written, "timestamp", TIMESTAMP.format(event.getInstant()));
      string(json, written, "level", event.getLevel().toString());
      string(json, written, "logger", event.getLoggerName());
      string(json, written, "thread", event.getThreadName());
      string(json, written, "message", event.getFormattedMessage());
      for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
        string(json, written, entry.getKey(), entry.getValue());
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          if (written.add(pair.key)) {
            json.writeFieldName(pair.key);
            value(json, pair.value);
          }
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        string(json, written, "stack_trace", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void string(JsonGenerator json, Set<String> written, String key, String value)
      throws IOException {
    if (written.add(key)) {
      json.writeStringField(key, value);
    }
  }

  /** Numbers as numbers (a non-finite double as a string), booleans as booleans, else text. */
  static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isFinite(number)) {
        json.writeNumber(number);
      } else {
        json.writeString(Double.toString(number));
      }
    } else if (value instanceof BigDecimal decimal) {
      json.writeNumber(decimal);
    } else if (value instanceof BigInteger integer) {
      json.writeNumber(integer);
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else {
      json.writeString(value.toString());
    }
  }
}
