package dev.orchestrator.domain;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/**
 * The classified result of one execution attempt. The classifier in {@code execution} decides which
 * failures are worth retrying; the entity only applies the retry policy to that decision.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AttemptOutcome.Success.class, name = "success"),
  @JsonSubTypes.Type(value = AttemptOutcome.RetryableFailure.class, name = "retryable"),
  @JsonSubTypes.Type(value = AttemptOutcome.PermanentFailure.class, name = "permanent")
})
public sealed interface AttemptOutcome {

  /** The response, when the target answered at all; null for network errors and timeouts. */
  ResponseMeta response();

  /** A 2xx answer. */
  record Success(ResponseMeta response) implements AttemptOutcome {}

  /**
   * A failure that may go away: network trouble, timeouts, 408, 429, 5xx. {@code retryAfter} is the
   * target's hint (Retry-After), or null.
   */
  record RetryableFailure(ErrorInfo error, ResponseMeta response, Duration retryAfter)
      implements AttemptOutcome {}

  /** A failure that retrying cannot fix: other 4xx, 3xx, refused destinations. */
  record PermanentFailure(ErrorInfo error, ResponseMeta response) implements AttemptOutcome {}
}
