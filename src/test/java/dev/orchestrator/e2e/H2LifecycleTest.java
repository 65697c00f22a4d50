package dev.orchestrator.e2e;

import dev.orchestrator.testing.TestNode;

/** The lifecycle contract on the embedded H2 database. */
class H2LifecycleTest extends LifecycleContract {
  @Override
  protected String[] database() {
    return new String[] {TestNode.h2Memory("lifecycle"), ""};
  }
}
