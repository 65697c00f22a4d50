package dev.orchestrator.e2e;

import java.nio.file.Files;
import java.util.Map;

/** Kill/restart on the embedded H2 default: proves WRITE_DELAY=0 keeps acknowledged calls. */
class H2KillRestartTest extends KillRestartContract {
  @Override
  protected Map<String, String> databaseEnv() throws Exception {
    return Map.of("DATA_DIR", Files.createTempDirectory("orchestrator-kill").toString());
  }
}
