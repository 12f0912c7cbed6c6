package dev.wrench.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The console's format, from {@code LOG_FORMAT} (logback.xml passes it as {@code format}): {@code
 * json}, one JSON object per line ({@link JsonLineEncoder}), or {@code text}, one readable line
 * ({@link #TEXT_PATTERN}). Unset, it is text when the process runs on a terminal, else JSON (the
 * logs of a container or a service are collected, a developer's are read).
 */
public final class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

  /** ISO-8601 time in UTC, level, thread, logger, message, then the MDC (request id, user...). */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{36} - %msg"
          + "%replace( [%mdc]){' \\[\\]', ''}%n";

  private String format = "";
  private Encoder<ILoggingEvent> delegate;

  /** {@code json}, {@code text}, or empty for the default. */
  public void setFormat(String format) {
    this.format = format == null ? "" : format;
  }

  /** The format used for {@code requested} ({@code LOG_FORMAT}) on a terminal or not. */
  static String choose(String requested, boolean terminal) {
    String format = requested.trim().toLowerCase(Locale.ROOT);
    if (format.equals("json") || format.equals("text")) {
      return format;
    }
    return terminal ? "text" : "json";
  }

  @Override
  public void start() {
    String chosen = choose(format, System.console() != null);
    if (!format.isBlank() && !chosen.equals(format.trim().toLowerCase(Locale.ROOT))) {
      // Said on stderr: Logback's own status messages are not shown (logback.xml).
      System.err.println("LOG_FORMAT must be text or json, not " + format + ": using " + chosen);
    }
    if (chosen.equals("text")) {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(getContext());
      text.setPattern(TEXT_PATTERN);
      text.setCharset(StandardCharsets.UTF_8);
      delegate = text;
    } else {
      JsonLineEncoder json = new JsonLineEncoder();
      json.setContext(getContext());
      delegate = json;
    }
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
