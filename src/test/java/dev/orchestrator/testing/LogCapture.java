package dev.orchestrator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged in this JVM (message, MDC, logger and full stack traces) from {@link
 * #start} to {@link #close}, with the given loggers turned up to DEBUG meanwhile, so a test can
 * assert that a value never reached a log line.
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final Map<Logger, Level> previousLevels = new HashMap<>();
  private final Logger root;

  private LogCapture(LoggerContext context, List<String> debugLoggers) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level [%logger] %mdc %msg%n%ex{full}");
    encoder.start();
    appender.setContext(context);
    appender.setName("log-capture");
    appender.setEncoder(encoder);
    appender.setOutputStream(bytes);
    appender.start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    for (String name : debugLoggers) {
      Logger logger = context.getLogger(name);
      previousLevels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
  }

  /** Starts capturing; {@code debugLoggers} log at DEBUG until {@link #close}. */
  public static LogCapture start(String... debugLoggers) {
    return new LogCapture((LoggerContext) LoggerFactory.getILoggerFactory(), List.of(debugLoggers));
  }

  /** Everything captured so far. */
  public String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    previousLevels.forEach(Logger::setLevel);
  }
}
