package dev.orchestrator.e2e;

import dev.orchestrator.testing.TestNode;

/** The event stream contract on the embedded H2 database. */
class H2EventStreamTest extends EventStreamContract {
  @Override
  protected String[] database() {
    return new String[] {TestNode.h2Memory("events"), ""};
  }
}
