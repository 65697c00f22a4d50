package dev.orchestrator.entity;

import org.apache.pekko.pattern.StatusReply;

/**
 * Why an entity refused a command. The code travels as the prefix of the {@link
 * StatusReply#error(String)} message so it survives serialization between nodes.
 */
public enum Rejection {
  NOT_FOUND,
  IDEMPOTENCY_CONFLICT,
  ALREADY_TERMINAL,
  /**
   * The journal did not confirm the write (database error, timeout or open circuit breaker): the
   * event may or may not be stored. The entity restarts (with backoff) and recovers what is.
   */
  STORAGE_UNAVAILABLE;

  <T> StatusReply<T> reply(String detail) {
    return StatusReply.error(name() + ": " + detail);
  }

  /** The rejection a message carries, or null when it is some other error. */
  public static Rejection of(String message) {
    if (message == null) {
      return null;
    }
    int colon = message.indexOf(':');
    if (colon < 0) {
      return null;
    }
    try {
      return valueOf(message.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The human part of a rejection message. */
  public static String detail(String message) {
    int colon = message.indexOf(':');
    return colon < 0 ? message : message.substring(colon + 1).trim();
  }
}
