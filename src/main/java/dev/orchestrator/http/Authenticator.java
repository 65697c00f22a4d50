package dev.orchestrator.http;

import dev.orchestrator.domain.TenantId;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Bearer-key authentication bound to the tenant in the path. A valid key for another tenant gets
 * 404, exactly like a tenant or call that does not exist, so keys cannot probe for other tenants.
 */
final class Authenticator extends AllDirectives {
  private final ApiKeys keys;
  private final ProblemResponses problems;

  Authenticator(ApiKeys keys, ProblemResponses problems) {
    this.keys = keys;
    this.problems = problems;
  }

  Route tenant(String pathTenant, Function<TenantId, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<TenantId> tenant = header.flatMap(Authenticator::bearer).flatMap(keys::tenantOf);
          if (tenant.isEmpty()) {
            return complete(
                problems.unauthorized("a valid 'Authorization: Bearer <api-key>' is required"));
          }
          if (!tenant.get().value().equals(pathTenant)) {
            return complete(problems.notFound());
          }
          return inner.apply(tenant.get());
        });
  }

  private static Optional<String> bearer(String header) {
    if (header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
      return Optional.of(header.substring(7).trim());
    }
    return Optional.empty();
  }
}
