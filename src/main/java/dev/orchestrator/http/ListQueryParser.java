package dev.orchestrator.http;

import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.http.Problem.FieldError;
import dev.orchestrator.projection.ListQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses the list API's query parameters; unknown parameters are errors, not ignored. */
final class ListQueryParser {
  private static final Set<String> KNOWN =
      Set.of(
          "status",
          "tag",
          "namePrefix",
          "dueFrom",
          "dueTo",
          "createdFrom",
          "createdTo",
          "finishedFrom",
          "finishedTo",
          "limit",
          "cursor",
          // Read by ReadModelFreshness before this parser runs.
          ReadModelFreshness.PARAM);

  private ListQueryParser() {}

  static Parsed<ListQuery> parse(TenantId tenant, Map<String, String> params) {
    List<FieldError> errors = new ArrayList<>();
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        errors.add(new FieldError(name, "unknown query parameter"));
      }
    }
    Set<ServiceCallStatus> statuses = null;
    if (params.containsKey("status")) {
      statuses = EnumSet.noneOf(ServiceCallStatus.class);
      for (String s : params.get("status").split(",")) {
        try {
          statuses.add(ServiceCallStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          errors.add(
              new FieldError(
                  "status", "must be SCHEDULED, RUNNING, SUCCEEDED, FAILED or CANCELLED"));
          break;
        }
      }
    }
    List<String> tags = List.of();
    if (params.containsKey("tag")) {
      tags = List.of(params.get("tag").split(",", -1));
      if (tags.size() > ListQuery.MAX_TAGS || tags.stream().anyMatch(String::isBlank)) {
        errors.add(
            new FieldError(
                "tag", "a comma list of 1 to " + ListQuery.MAX_TAGS + " tags, all required"));
      }
    }
    String namePrefix = params.get("namePrefix");
    if (namePrefix != null && (namePrefix.isEmpty() || namePrefix.length() > 200)) {
      errors.add(new FieldError("namePrefix", "must be 1 to 200 characters"));
    }
    Instant dueFrom = time(errors, params, "dueFrom");
    Instant dueTo = time(errors, params, "dueTo");
    Instant createdFrom = time(errors, params, "createdFrom");
    Instant createdTo = time(errors, params, "createdTo");
    Instant finishedFrom = time(errors, params, "finishedFrom");
    Instant finishedTo = time(errors, params, "finishedTo");
    int limit = ListQuery.DEFAULT_LIMIT;
    if (params.containsKey("limit")) {
      try {
        limit = Integer.parseInt(params.get("limit"));
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
          errors.add(new FieldError("limit", "must be between 1 and " + ListQuery.MAX_LIMIT));
        }
      } catch (NumberFormatException e) {
        errors.add(new FieldError("limit", "must be an integer"));
      }
    }
    ListQuery.Cursor cursor = null;
    if (params.containsKey("cursor")) {
      try {
        cursor = ListQuery.Cursor.decode(params.get("cursor"));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("cursor", "is not a cursor this API issued"));
      }
    }
    if (!errors.isEmpty()) {
      return Parsed.failed(Problem.validation(errors));
    }
    return Parsed.ok(
        new ListQuery(
            tenant,
            statuses,
            tags,
            namePrefix,
            dueFrom,
            dueTo,
            createdFrom,
            createdTo,
            finishedFrom,
            finishedTo,
            limit,
            cursor));
  }

  private static Instant time(List<FieldError> errors, Map<String, String> params, String name) {
    String value = params.get(name);
    return value == null ? null : SubmitRequestValidator.instant(errors, name, value);
  }
}
