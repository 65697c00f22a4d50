package dev.orchestrator.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.orchestrator.http.Problem.FieldError;
import java.io.IOException;
import java.util.List;

/**
 * Parses a JSON body strictly and explains failures with a JSON pointer and a plain sentence, never
 * with Jackson's message (which names our Java classes).
 */
final class JsonBody {
  private JsonBody() {}

  static <T> Parsed<T> parse(ObjectMapper mapper, byte[] bytes, Class<T> type) {
    if (bytes.length == 0) {
      return Parsed.failed(
          Problem.of("malformed-json", "Malformed JSON", 400, "the body is empty"));
    }
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        return Parsed.failed(
            Problem.of("malformed-json", "Malformed JSON", 400, "the body must be a JSON object"));
      }
      return Parsed.ok(value);
    } catch (JsonProcessingException e) {
      return Parsed.failed(explain(e));
    } catch (IOException e) {
      return Parsed.failed(
          Problem.of("malformed-json", "Malformed JSON", 400, "the body could not be read"));
    }
  }

  private static Problem explain(JsonProcessingException e) {
    // Databind wraps a syntax error met inside a nested value to add its path; it stays a syntax
    // error (a truncated body is malformed JSON, not an invalid field).
    JsonProcessingException syntax = e;
    while (syntax instanceof JsonMappingException
        && syntax.getCause() instanceof JsonProcessingException inner) {
      syntax = inner;
    }
    if (syntax instanceof StreamConstraintsException) {
      return Problem.of(
          "malformed-json",
          "Malformed JSON",
          400,
          "the document is nested too deeply or a value is too long");
    }
    if (syntax instanceof JsonParseException p) {
      return Problem.of(
          "malformed-json",
          "Malformed JSON",
          400,
          "invalid JSON at line "
              + p.getLocation().getLineNr()
              + ", column "
              + p.getLocation().getColumnNr());
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return Problem.validation(List.of(new FieldError(pointer(u), "unknown field")));
    }
    if (e instanceof MismatchedInputException m) {
      String where = pointer(m);
      if (where.isEmpty()) {
        // The document itself: an array or scalar instead of an object, or trailing tokens.
        return Problem.of(
            "malformed-json", "Malformed JSON", 400, "the body must be one JSON object");
      }
      return Problem.validation(
          List.of(new FieldError(where, "has the wrong type or is malformed")));
    }
    if (e instanceof JsonMappingException m) {
      return Problem.validation(List.of(new FieldError(pointer(m), "is invalid")));
    }
    return Problem.of("malformed-json", "Malformed JSON", 400, "the body is not valid JSON");
  }

  static String pointer(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      sb.append('/');
      if (ref.getFieldName() != null) {
        sb.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else {
        sb.append(ref.getIndex());
      }
    }
    return sb.toString();
  }
}
