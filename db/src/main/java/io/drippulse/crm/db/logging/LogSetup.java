package io.drippulse.crm.db.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * How both processes log, found by logback through {@code META-INF/services}: one line per event on stderr
 * (stdout stays for command output such as a created API key), with an ISO-8601 timestamp; with
 * {@code LOG_FORMAT=json} every line is a JSON object (logstash encoder: {@code @timestamp}, {@code level},
 * {@code logger_name}, {@code message}, key-value pairs such as {@code request_id}, {@code stack_trace}).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0}: %msg%n";

  /** Libraries that narrate every connection or bean; their warnings and errors still show. */
  private static final Map<String, Level> QUIET = Map.of(
      "org.springframework", Level.WARN,
      // its start-up failure is reported once, as a sentence, by the worker itself
      "org.springframework.context", Level.ERROR,
      "com.zaxxer.hikari", Level.WARN,
      "org.flywaydb", Level.WARN,
      "io.netty", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setEncoder(encoder(context));
    appender.setOutputStream(StatusLine.logStream());
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** {@code LOG_FORMAT} as the settings parsers accept it: {@code text} (the default) or {@code json}. */
  public static boolean json() {
    String format = System.getenv("LOG_FORMAT");
    return format != null && format.trim().toLowerCase(Locale.ROOT).equals("json");
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context) {
    if (json()) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
