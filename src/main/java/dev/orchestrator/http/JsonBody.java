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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    int bad = firstMalformedUtf8(bytes);
    if (bad >= 0) {
      return Parsed.failed(
          Problem.of(
              "malformed-json",
              "Malformed JSON",
              400,
              "the body is not valid UTF-8 (at byte " + bad + ")"));
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

  /**
   * Where {@code bytes} stop being well-formed UTF-8, or -1. Jackson's own decoding is lenient: it
   * reads an overlong {@code C0 AF} as '/' and {@code ED A0 80} as a lone surrogate, so a body
   * could be stored as other text than was sent (or not be storable at all).
   */
  static int firstMalformedUtf8(byte[] bytes) {
    // Plain ASCII (nearly every body) is well-formed: no decoder and no 8 KB buffer per request.
    int i = 0;
    while (i < bytes.length && bytes[i] >= 0) {
      i++;
    }
    if (i == bytes.length) {
      return -1;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, i, bytes.length - i); // the ASCII prefix is fine
    CharBuffer out = CharBuffer.allocate(4096);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return decoder.flush(out).isError() ? in.position() : -1;
      }
      out.clear();
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
