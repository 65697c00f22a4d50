package dev.orchestrator.http;

import dev.orchestrator.http.Problem.FieldError;
import dev.orchestrator.subscription.EventSubscription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks an event subscription with the rules of a submitted call's request: the URL (shape and
 * egress policy) and headers as {@link RequestValidator} checks them, plus known, distinct event
 * types. {@code Content-Type} is ours to set: deliveries are JSON.
 */
final class EventSubscriptionValidator {
  /** Valid values (absent lists and maps as empty), or the errors; never both. */
  record Result(
      String url, List<String> eventTypes, Map<String, String> headers, List<FieldError> errors) {}

  private final RequestValidator requests;

  EventSubscriptionValidator(Function<String, Optional<String>> destinationCheck) {
    this.requests = new RequestValidator(destinationCheck);
  }

  Result validate(EventSubscriptionRequest in) {
    List<FieldError> errors = new ArrayList<>();
    requests.url(in.url(), "/url", errors);
    Map<String, String> headers = in.headers() == null ? Map.of() : in.headers();
    RequestValidator.headers(headers, "/headers", errors);
    for (String name : headers.keySet()) {
      if (name.toLowerCase(Locale.ROOT).equals("content-type")) {
        errors.add(new FieldError("/headers/" + name, "is set by the delivery (application/json)"));
      }
    }
    List<String> types = in.eventTypes() == null ? List.of() : in.eventTypes();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < types.size(); i++) {
      String t = types.get(i);
      if (t == null || !EventSubscription.EVENT_TYPES.contains(t)) {
        errors.add(
            new FieldError(
                "/eventTypes/" + i,
                "must be one of " + String.join(", ", EventSubscription.EVENT_TYPES)));
      } else if (!seen.add(t)) {
        errors.add(new FieldError("/eventTypes/" + i, "duplicate event type"));
      }
    }
    if (!errors.isEmpty()) {
      return new Result(null, null, null, List.copyOf(errors));
    }
    return new Result(in.url(), List.copyOf(types), Map.copyOf(headers), List.of());
  }
}
