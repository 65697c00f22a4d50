package dev.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites our OpenAPI 3.1 document as the equivalent 3.0.3 one for swagger-request-validator 2.x.
 * That validator parses 3.1 but then serializes schemas with the 3.0 writer, which drops {@code
 * type} and {@code additionalProperties}: a 3.1 document would pass responses it should refuse
 * (seen with 2.46.1). 3.0 schemas it enforces fully. Only the 3.1 constructs the document uses are
 * translated ({@code const}, {@code type: [T, "null"]}); any other schema keyword fails the
 * rewrite, so nothing the validator would silently ignore can slip into the document.
 */
final class OpenApiDowngrade {
  /**
   * Keywords with the same meaning in 3.0 and 3.1 that the validator enforces or that are prose.
   */
  private static final Set<String> SAME_IN_BOTH =
      Set.of(
          "type",
          "format",
          "enum",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "oneOf",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "pattern",
          "minItems",
          "maxItems",
          "uniqueItems",
          "maxProperties",
          "default",
          "description",
          "$ref");

  private OpenApiDowngrade() {}

  static ObjectNode to30(JsonNode doc31) {
    if (!"3.1.0".equals(doc31.path("openapi").asText())) {
      throw new IllegalArgumentException("not an OpenAPI 3.1.0 document");
    }
    ObjectNode doc = doc31.deepCopy();
    doc.put("openapi", "3.0.3");
    // 3.1 only; the validator needs neither.
    ((ObjectNode) doc.get("info")).remove("summary");
    List<JsonNode> schemas = new ArrayList<>();
    doc.path("components").path("schemas").forEach(schemas::add);
    collectSchemas(doc.get("paths"), schemas);
    collectSchemas(doc.path("components").path("parameters"), schemas);
    collectSchemas(doc.path("components").path("responses"), schemas);
    schemas.forEach(s -> downgrade((ObjectNode) s));
    return doc;
  }

  // The schemas of parameters, headers and media types below {@code node}.
  private static void collectSchemas(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("schema")) {
                  out.add(e.getValue());
                } else {
                  collectSchemas(e.getValue(), out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectSchemas(n, out));
    }
  }

  private static void downgrade(ObjectNode schema) {
    if (schema.has("const")) {
      JsonNode value = schema.remove("const");
      schema.set("enum", JsonNodeFactory.instance.arrayNode().add(value));
      if (!schema.has("type")) {
        schema.put("type", typeOf(value));
      }
    }
    JsonNode type = schema.get("type");
    if (type != null && type.isArray()) {
      List<String> types = new ArrayList<>();
      type.forEach(t -> types.add(t.asText()));
      if (types.size() != 2 || !types.contains("null")) {
        throw new IllegalArgumentException("type " + type + " has no OpenAPI 3.0 form");
      }
      types.remove("null");
      schema.put("type", types.get(0));
      schema.put("nullable", true);
    }
    for (Map.Entry<String, JsonNode> e : iterable(schema)) {
      if (!SAME_IN_BOTH.contains(e.getKey()) && !e.getKey().equals("nullable")) {
        throw new IllegalArgumentException(
            "schema keyword '" + e.getKey() + "' is not translated for the validator: " + schema);
      }
    }
    if (schema.has("$ref") && schema.size() > 1) {
      throw new IllegalArgumentException(
          "$ref with siblings means another thing in 3.0: " + schema);
    }
    schema.path("properties").forEach(p -> downgrade((ObjectNode) p));
    if (schema.path("items").isObject()) {
      downgrade((ObjectNode) schema.get("items"));
    }
    if (schema.path("additionalProperties").isObject()) {
      downgrade((ObjectNode) schema.get("additionalProperties"));
    }
    if (schema.get("oneOf") instanceof ArrayNode branches) {
      branches.forEach(b -> downgrade((ObjectNode) b));
    }
  }

  private static String typeOf(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    throw new IllegalArgumentException("const " + value + " has no simple type");
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    node.fields().forEachRemaining(entries::add);
    return entries;
  }
}
