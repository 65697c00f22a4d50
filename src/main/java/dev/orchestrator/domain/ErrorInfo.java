package dev.orchestrator.domain;

/** A failure stored as data (never as an exception object): its kind and a readable message. */
public record ErrorInfo(ErrorKind kind, String message) {
  private static final int MAX_MESSAGE = 1000;

  public ErrorInfo {
    if (message != null && message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
  }
}
