package dev.orchestrator;

import java.util.Locale;
import java.util.Map;

/**
 * Chooses the logback configuration from {@code LOG_FORMAT} before logback starts: {@code text}
 * (default, logback.xml) or {@code json} (logback-json.xml, one JSON object per line). An explicit
 * {@code -Dlogback.configurationFile} wins. Must run before the first logger is created, so it
 * cannot log; it reports a bad value on stderr.
 */
final class LogFormat {
  static final String PROPERTY = "logback.configurationFile";

  private LogFormat() {}

  static void select(Map<String, String> env) {
    String format = env.getOrDefault("LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    switch (format) {
      case "json" -> System.setProperty(PROPERTY, "logback-json.xml");
      case "text", "" -> {}
      default ->
          System.err.println(
              "LOG_FORMAT must be text or json, not '" + format + "'; logging as text");
    }
  }
}
