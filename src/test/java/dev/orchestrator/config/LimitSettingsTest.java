package dev.orchestrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.LimitSettings.TenantLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitSettingsTest {

  @Test
  void fromConfig_shippedDefaults_are500PerSecondBurst1000Pending100k() {
    var settings = LimitSettings.fromConfig(ConfigLoader.load());

    assertEquals(new TenantLimits(500, 1000, 100_000), settings.forTenant("any"));
    assertEquals(Duration.ofSeconds(1), settings.pendingRefresh());
  }

  @Test
  void forTenant_partialOverride_fallsBackToDefaultsForTheRest() {
    var config =
        ConfigFactory.parseString(
            """
            orchestrator.limits {
              submit-rate = 10
              submit-burst = 20
              max-pending-per-tenant = 30
              pending-refresh-interval = 250ms
              tenants { big-customer { submit-rate = 100 }, tiny { max-pending-per-tenant = 1 } }
            }
            """);

    var settings = LimitSettings.fromConfig(config);

    assertEquals(new TenantLimits(100, 20, 30), settings.forTenant("big-customer"));
    assertEquals(new TenantLimits(10, 20, 1), settings.forTenant("tiny"));
    assertEquals(new TenantLimits(10, 20, 30), settings.forTenant("other"));
    assertEquals(Duration.ofMillis(250), settings.pendingRefresh());
  }

  @Test
  void fromConfig_zeroRate_isRefused() {
    var config =
        ConfigFactory.parseString(
            """
            orchestrator.limits {
              submit-rate = 0
              submit-burst = 20
              max-pending-per-tenant = 30
              pending-refresh-interval = 1s
              tenants {}
            }
            """);

    assertThrows(IllegalArgumentException.class, () -> LimitSettings.fromConfig(config));
  }
}
