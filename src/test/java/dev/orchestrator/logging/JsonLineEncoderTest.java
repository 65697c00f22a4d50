package dev.orchestrator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static LoggingEvent event(String message, Object[] args, Throwable error) {
    var context = new LoggerContext();
    var event =
        new LoggingEvent(
            "fqcn", context.getLogger("dev.orchestrator.x"), Level.WARN, message, error, args);
    event.setMDCPropertyMap(
        Map.of(
            "tenantId", "tenant-a",
            "serviceCallId", "0190-abc",
            "correlationId", "order \"42\"\nline2",
            "message", "an MDC entry may not replace the message"));
    return event;
  }

  @Test
  void oneJsonObjectPerLine_withMdcFieldsAndFormattedMessage() throws Exception {
    var encoder = new JsonLineEncoder();
    byte[] bytes =
        encoder.encode(
            event(
                "attempt {} done: {}",
                new Object[] {3, "quote \" and\nnewline"},
                new IllegalStateException("boom")));
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertTrue(text.endsWith("\n"));
    assertEquals(1, text.split("\n", -1).length - 1, "exactly one line: " + text);
    JsonNode json = MAPPER.readTree(text);
    assertEquals("WARN", json.get("level").asText());
    assertEquals("dev.orchestrator.x", json.get("logger").asText());
    assertEquals("attempt 3 done: quote \" and\nnewline", json.get("message").asText());
    assertEquals("tenant-a", json.get("tenantId").asText());
    assertEquals("0190-abc", json.get("serviceCallId").asText());
    assertEquals("order \"42\"\nline2", json.get("correlationId").asText());
    assertTrue(json.get("exception").asText().contains("IllegalStateException: boom"));
    assertTrue(json.get("timestamp").asText().endsWith("Z"));
    assertFalse(json.has("arguments"), "raw arguments are never written separately");
  }

  @Test
  void logbackJsonConfiguration_usesTheEncoderOnStdout() throws Exception {
    var context = new LoggerContext();
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-json.xml"));
    var async =
        (AsyncAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
    var console = (ConsoleAppender<?>) async.getAppender("STDOUT");
    assertInstanceOf(JsonLineEncoder.class, console.getEncoder());
    context.stop();
  }
}
