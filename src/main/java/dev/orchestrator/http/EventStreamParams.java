package dev.orchestrator.http;

import dev.orchestrator.http.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event stream's parameters: {@code after} (an offset, 0 = from the beginning) and {@code
 * limit}. A {@code Last-Event-ID} header (an SSE client resuming) wins over {@code after}.
 */
record EventStreamParams(long after, int limit) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> KNOWN = Set.of("after", "limit", ReadModelFreshness.PARAM);

  static Parsed<EventStreamParams> parse(Map<String, String> params, Optional<String> lastEventId) {
    List<FieldError> errors = new ArrayList<>();
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        errors.add(new FieldError(name, "unknown query parameter"));
      }
    }
    long after = 0;
    if (lastEventId.isPresent()) {
      after = offset(errors, "Last-Event-ID", lastEventId.get());
    } else if (params.containsKey("after")) {
      after = offset(errors, "after", params.get("after"));
    }
    int limit = DEFAULT_LIMIT;
    if (params.containsKey("limit")) {
      String v = params.get("limit");
      if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_LIMIT) {
        errors.add(new FieldError("limit", "must be an integer between 1 and " + MAX_LIMIT));
      } else {
        limit = Integer.parseInt(v);
      }
    }
    if (!errors.isEmpty()) {
      return Parsed.failed(Problem.validation(errors));
    }
    return Parsed.ok(new EventStreamParams(after, limit));
  }

  private static long offset(List<FieldError> errors, String name, String value) {
    if (!value.matches("[0-9]{1,18}")) {
      errors.add(new FieldError(name, "must be an event offset (a non-negative integer)"));
      return 0;
    }
    return Long.parseLong(value);
  }
}
