package dev.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Reads a request's JSON body as a record, the same way for every route that takes one: 415 unless
 * it is {@code application/json}, 413 beyond the size limit, 400 problem+json when it is not one
 * well-formed JSON object of the record's fields ({@link JsonBody}).
 */
final class JsonEntity extends AllDirectives {
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final long maxBodyBytes;

  JsonEntity(ObjectMapper mapper, ProblemResponses problems, long maxBodyBytes) {
    this.mapper = mapper;
    this.problems = problems;
    this.maxBodyBytes = maxBodyBytes;
  }

  <T> Route as(Class<T> type, Function<T, Route> inner) {
    return extractRequestEntity(
        entity -> {
          if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
            return complete(
                problems.render(
                    Problem.of(
                        "unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "the body must be application/json")));
          }
          return withSizeLimit(
              maxBodyBytes,
              () ->
                  entity(
                      Unmarshaller.entityToByteString(),
                      bytes -> {
                        var parsed = JsonBody.parse(mapper, bytes.toArray(), type);
                        if (parsed.problem() != null) {
                          return complete(problems.render(parsed.problem()));
                        }
                        return inner.apply(parsed.value());
                      }));
        });
  }
}
