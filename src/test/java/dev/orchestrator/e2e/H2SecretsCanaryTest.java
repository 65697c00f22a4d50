package dev.orchestrator.e2e;

import dev.orchestrator.testing.TestNode;

/** The secrets canary on an in-memory H2 database, which this JVM can open next to the node. */
class H2SecretsCanaryTest extends SecretsCanaryContract {
  @Override
  protected Database database() {
    return new Database(TestNode.h2Memory("secrets-canary"), "", "");
  }
}
