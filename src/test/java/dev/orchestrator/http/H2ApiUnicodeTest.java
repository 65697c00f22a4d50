package dev.orchestrator.http;

import dev.orchestrator.testing.TestNode;

/** The Unicode contract on the embedded H2 database. */
class H2ApiUnicodeTest extends ApiUnicodeContract {
  @Override
  protected String[] database() {
    return new String[] {TestNode.h2Memory("api-unicode"), "", ""};
  }

  @Override
  protected void releaseDatabase() {
    // In memory: gone with the node.
  }
}
