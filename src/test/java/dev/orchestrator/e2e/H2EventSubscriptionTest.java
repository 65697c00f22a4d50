package dev.orchestrator.e2e;

import dev.orchestrator.testing.TestNode;

/** The event subscription contract on the embedded H2 database. */
class H2EventSubscriptionTest extends EventSubscriptionContract {
  @Override
  protected String[] database() {
    return new String[] {TestNode.h2Memory("subscriptions"), ""};
  }
}
