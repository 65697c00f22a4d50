package dev.orchestrator.domain;

/** Why an attempt or a call failed, as a stable code clients can switch on. */
public enum ErrorKind {
  /** The target answered with a status that is not success. */
  HTTP_STATUS,
  /** No complete response within the call's timeout. */
  TIMEOUT,
  /** Connecting or talking to the target failed (refused, reset, TLS, DNS). */
  CONNECTION,
  /** The target resolves to an address the egress policy refuses. */
  DESTINATION_NOT_ALLOWED,
  /** Our node stopped while an attempt was in flight too many times. */
  INTERRUPTED,
  /** The request could not be built (for example an unusable header at execution time). */
  INVALID_REQUEST
}
