package dev.orchestrator.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI document as the contract test reads it: its operations (method, path template,
 * whether a key is needed, documented statuses) and a validator of real requests and responses
 * against it.
 */
final class OpenApiDocument {
  /** One operation of the document. */
  record Operation(String id, String method, String path, boolean secured, Set<String> statuses) {
    /** "getServiceCall 404": the key of what the test exercised. */
    String key(int status) {
      return id + " " + status;
    }

    boolean matches(String method, String concretePath) {
      return this.method.equals(method) && pattern(path).matcher(concretePath).matches();
    }
  }

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode json;
  private final List<Operation> operations;
  private final OpenApiInteractionValidator validator;

  private OpenApiDocument(JsonNode json) {
    this.json = json;
    this.operations = readOperations(json);
    this.validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(
                OpenApiDowngrade.to30(json).toString())
            .withLevelResolver(strict())
            .build();
  }

  static OpenApiDocument parse(String text) {
    try {
      return new OpenApiDocument(new ObjectMapper().readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode json() {
    return json;
  }

  List<Operation> operations() {
    return operations;
  }

  OpenApiInteractionValidator validator() {
    return validator;
  }

  Optional<Operation> operationFor(String method, String concretePath) {
    return operations.stream().filter(o -> o.matches(method, concretePath)).findFirst();
  }

  /** The documented methods (upper case) of the path template that matches {@code concretePath}. */
  Set<String> methodsOf(String concretePath) {
    Set<String> methods = new TreeSet<>();
    operations.stream()
        .filter(o -> pattern(o.path()).matcher(concretePath).matches())
        .forEach(o -> methods.add(o.method()));
    return methods;
  }

  /**
   * Every finding is an error, including the two the library only warns about or ignores by
   * default: fields the document does not list (it then treats every object with {@code properties}
   * as closed) and query parameters it does not list.
   */
  private static LevelResolver strict() {
    return LevelResolver.create()
        .withDefaultLevel(ValidationReport.Level.ERROR)
        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
        .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
        .build();
  }

  private static List<Operation> readOperations(JsonNode json) {
    List<Operation> ops = new ArrayList<>();
    for (Iterator<String> paths = json.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      JsonNode item = json.get("paths").get(path);
      for (Iterator<String> keys = item.fieldNames(); keys.hasNext(); ) {
        String method = keys.next();
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonNode op = item.get(method);
        Set<String> statuses = new TreeSet<>();
        op.get("responses").fieldNames().forEachRemaining(statuses::add);
        JsonNode security = op.has("security") ? op.get("security") : json.path("security");
        boolean secured = security.isArray() && !security.isEmpty();
        ops.add(
            new Operation(
                op.get("operationId").asText(),
                method.toUpperCase(Locale.ROOT),
                path,
                secured,
                Set.copyOf(statuses)));
      }
    }
    return List.copyOf(ops);
  }

  private static Pattern pattern(String template) {
    return Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\."));
  }
}
