package dev.orchestrator.domain;

/** Lifecycle status of a service call; terminal statuses never change again. */
public enum ServiceCallStatus {
  SCHEDULED(false),
  RUNNING(false),
  SUCCEEDED(true),
  FAILED(true),
  CANCELLED(true);

  private final boolean terminal;

  ServiceCallStatus(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }
}
