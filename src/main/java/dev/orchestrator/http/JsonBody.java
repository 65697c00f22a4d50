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
 * Parses a JSON body strictly and explains failures with a JSON pointer and a plain sentence,
 * never with Jackson's message (which names our Java classes).
 */
final class JsonBody {
  private JsonBody() {}

  static <T> Parsed<T> parse(ObjectMapper mapper, byte[] bytes, Class<T> type) {
    if (bytes.length == 0) {
      return Parsed.failed(Problem.of("malformed-json", "Malformed JSON", 400, "the body is empty"));
    }
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        return Parsed.failed(
            Problem.of("malformed-json", "Malformed JSON", 400, "the body must be a JSON object"));
      }
      return Parsed.ok(value);
    } catch (StreamConstraintsException e) {
      return Parsed.failed(
          Problem.of("malformed-json", "Malformed JSON", 400, "the document is nested too deeply or a value is too long"));
    } catch (JsonParseException e) {
      return Parsed.failed(
          Problem.of(
              "malformed-json",
              "Malformed JSON",
              400,
              "invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                  + e.getLocation().getColumnNr()));
    } catch (UnrecognizedPropertyException e) {
      return Parsed.failed(Problem.validation(List.of(new FieldError(pointer(e), "unknown field"))));
    } catch (MismatchedInputException e) {
      String where = pointer(e);
      return Parsed.failed(
          Problem.validation(
              List.of(new FieldError(where.isEmpty() ? "/" : where, "has the wrong type or is malformed"))));
    } catch (JsonMappingException e) {
      return Parsed.failed(Problem.validation(List.of(new FieldError(pointer(e), "is invalid"))));
    } catch (JsonProcessingException e) {
      return Parsed.failed(Problem.of("malformed-json", "Malformed JSON", 400, "the body is not valid JSON"));
    } catch (IOException e) {
      return Parsed.failed(Problem.of("malformed-json", "Malformed JSON", 400, "the body could not be read"));
    }
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
