package dev.orchestrator.e2e;

import dev.orchestrator.testing.TestNode;

/** The read-your-writes contract on the embedded H2 database. */
class H2ReadYourWritesTest extends ReadYourWritesContract {
  @Override
  protected String[] database() {
    return new String[] {TestNode.h2Memory("ryw"), ""};
  }
}
