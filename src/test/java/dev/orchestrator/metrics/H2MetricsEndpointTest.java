package dev.orchestrator.metrics;

import dev.orchestrator.testing.TestNode;

class H2MetricsEndpointTest extends MetricsEndpointContract {
  @Override
  protected String[] database() {
    return new String[] {TestNode.h2Memory("metrics"), ""};
  }
}
