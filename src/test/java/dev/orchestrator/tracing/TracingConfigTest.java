package dev.orchestrator.tracing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.domain.TraceContext;
import org.junit.jupiter.api.Test;

/** The switch: off by default with no SDK; on, an SDK from the standard variables that closes. */
class TracingConfigTest {
  @Test
  void default_isOff_andASubmitKeepsTheClientsContextAsItCame() {
    Tracing tracing = Tracing.fromConfig(ConfigFactory.load());
    assertSame(Tracing.OFF, tracing);
    assertFalse(tracing.enabled());
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    TraceContext stored = tracing.startSubmit(traceparent, "v=1").context();
    assertTrue(stored.equals(TraceContext.parse(traceparent, "v=1").orElseThrow()));
  }

  @Test
  void enabled_buildsAnSdkFromTheStandardVariables_thatStartsSpansAndCloses() {
    Tracing tracing =
        Tracing.fromConfig(
            ConfigFactory.parseString("orchestrator.tracing.otel.enabled = true")
                .withFallback(ConfigFactory.load()));
    try {
      assertTrue(tracing.enabled());
      // Not ended: nothing to export to the collector this test does not have.
      var span = tracing.startSubmit(null, null);
      assertTrue(span.context().parentId() != null, "the server span is the stored parent");
    } finally {
      tracing.close();
    }
  }
}
