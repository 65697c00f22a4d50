package dev.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Renders {@link Problem}s as {@code application/problem+json} responses. */
public final class ProblemResponses {
  public static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  private final ObjectMapper mapper;

  public ProblemResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public HttpResponse render(Problem problem) {
    try {
      return HttpResponse.create()
          .withStatus(StatusCodes.get(problem.status()))
          .withEntity(PROBLEM_JSON, mapper.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse notFound() {
    return render(Problem.of("not-found", "Not found", 404, "no such resource"));
  }

  public HttpResponse unauthorized(String detail) {
    return render(Problem.of("unauthorized", "Unauthorized", 401, detail))
        .addHeader(
            org.apache.pekko.http.javadsl.model.headers.RawHeader.create(
                "WWW-Authenticate", "Bearer"));
  }
}
