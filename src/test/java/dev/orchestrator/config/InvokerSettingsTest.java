package dev.orchestrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvokerSettingsTest {

  @Test
  void fromConfig_readsKebabCaseKeysUnderExecution() {
    var config =
        ConfigFactory.parseString(
            """
            orchestrator.execution {
              max-connections-per-host = 8
              max-response-bytes = 16 KiB
              body-snippet-chars = 100
              connecting-timeout = 2s
            }
            """);
    assertEquals(
        new InvokerSettings(8, 16 * 1024, 100, Duration.ofSeconds(2)),
        InvokerSettings.fromConfig(config));
  }

  @Test
  void fromConfig_missingKeysKeepDefaults() {
    assertEquals(InvokerSettings.defaults(), InvokerSettings.fromConfig(ConfigFactory.empty()));
    assertEquals(
        new InvokerSettings(32, 65536, 2048, Duration.ofSeconds(5)), InvokerSettings.defaults());
  }

  @Test
  void shippedExecutionConf_matchesDefaults() {
    assertEquals(
        InvokerSettings.defaults(),
        InvokerSettings.fromConfig(ConfigFactory.parseResources("execution.conf")));
  }

  @Test
  void maxConnectionsPerHost_mustBePositive() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new InvokerSettings(0, 65536, 2048, Duration.ofSeconds(5)));
  }

  @Test
  void connectingTimeout_mustBePositive() {
    assertThrows(
        IllegalArgumentException.class, () -> new InvokerSettings(32, 65536, 2048, Duration.ZERO));
  }
}
