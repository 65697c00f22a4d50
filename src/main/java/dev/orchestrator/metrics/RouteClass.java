package dev.orchestrator.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code route} label of API request meters: the operation, never the raw path (which holds
 * tenant and call ids and would make the label unbounded).
 */
public enum RouteClass {
  SUBMIT,
  LIST,
  GET,
  CANCEL,
  HISTORY,
  SUMMARY,
  HEALTH,
  OTHER;

  private final String label = name().toLowerCase(java.util.Locale.ROOT);

  public String label() {
    return label;
  }

  /** Classifies a request by method and path segments (empty segments ignored). */
  public static RouteClass of(String method, Iterable<String> pathSegments) {
    List<String> s = new ArrayList<>(8);
    for (String segment : pathSegments) {
      if (!segment.isEmpty()) {
        s.add(segment);
      }
    }
    if (!s.isEmpty() && s.get(0).equals("health")) {
      return HEALTH;
    }
    boolean tenantPath =
        s.size() >= 5
            && s.get(0).equals("api")
            && s.get(1).equals("v1")
            && s.get(2).equals("tenants");
    if (!tenantPath) {
      return OTHER;
    }
    String resource = s.get(4);
    if (resource.equals("summary") && s.size() == 5) {
      return SUMMARY;
    }
    if (!resource.equals("service-calls")) {
      return OTHER;
    }
    return switch (s.size()) {
      case 5 -> method.equals("POST") ? SUBMIT : method.equals("GET") ? LIST : OTHER;
      case 6 -> GET;
      case 7 ->
          switch (s.get(6)) {
            case "cancel" -> CANCEL;
            case "history" -> HISTORY;
            default -> OTHER;
          };
      default -> OTHER;
    };
  }
}
