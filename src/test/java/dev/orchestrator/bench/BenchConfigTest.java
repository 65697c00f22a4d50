package dev.orchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults are issue #6's sizes; old names keep working. */
class BenchConfigTest {
  @Test
  void parse_noOptions_issueSizes() {
    BenchConfig c = BenchConfig.parse(new String[0]);

    assertEquals(List.of("burst", "steady"), c.scenarios());
    assertEquals(10_000, c.burstCalls());
    assertEquals(32, c.burstClients());
    assertEquals(200, c.rate());
    assertEquals(30, c.durationS());
    assertEquals(5_000, c.dueDelayMs());
  }

  @Test
  void parse_oldNames_meanTheNewOnes() {
    BenchConfig c =
        BenchConfig.parse(new String[] {"--scenario=burst,rate", "--burst-concurrency=7"});

    assertEquals(List.of("burst", "steady"), c.scenarios());
    assertEquals(7, c.burstClients());
  }

  @Test
  void parse_holdWithoutDatabaseOrNodeControl_refused() {
    assertThrows(
        IllegalArgumentException.class, () -> BenchConfig.parse(new String[] {"--scenario=hold"}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BenchConfig.parse(
                new String[] {
                  "--scenario=hold",
                  "--db-url=jdbc:postgresql://127.0.0.1:5432/x",
                  "--node-control="
                }));
  }
}
