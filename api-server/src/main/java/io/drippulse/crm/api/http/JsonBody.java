package io.drippulse.crm.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a JSON request body: 415 unless it is declared JSON ({@link MediaType}), 400 unless it is one JSON
 * object whose text is storable ({@link Text}).
 * Decimals are read as {@link java.math.BigDecimal}, never double, so amounts stay exact.
 */
public final class JsonBody {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final ObjectWriter CANONICAL = MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private JsonBody() {
  }

  @SuppressWarnings("unchecked")
  public static JsonObject object(RoutingContext ctx) {
    MediaType.requireJson(ctx.request().getHeader("Content-Type"), "Send the body as application/json.");
    JsonNode node = tree(ctx);
    if (!node.isObject()) {
      throw ApiError.badRequest("malformed_json", "The request body must be a JSON object.");
    }
    return new JsonObject(MAPPER.convertValue(node, Map.class));
  }

  /** The body as a JSON tree whose every string (and key) is text PostgreSQL can store as sent. */
  private static JsonNode tree(RoutingContext ctx) {
    // an empty body leaves no buffer at all, not an empty one
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.badRequest("malformed_json", "The request body is empty; send a JSON object.");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body.getBytes());
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
    } catch (IOException e) {
      throw ApiError.badRequest("malformed_json", "The request body could not be read.");
    }
    if (node == null || node.isMissingNode()) {
      throw ApiError.badRequest("malformed_json", "The request body is empty; send a JSON object.");
    }
    Text.check(node);
    return node;
  }

  /** The body re-encoded with sorted keys and no whitespace: equal JSON gives equal bytes. */
  public static byte[] canonical(RoutingContext ctx) {
    try {
      return CANONICAL.writeValueAsBytes(MAPPER.convertValue(tree(ctx), Object.class));
    } catch (IOException e) {
      throw ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
    }
  }

  /** The object under {@code key} (e.g. {"pipeline": {...}}), 400 when absent or not an object. */
  public static JsonObject wrapped(RoutingContext ctx, String key) {
    Object inner = object(ctx).getValue(key);
    if (!(inner instanceof JsonObject obj)) {
      throw ApiError.badRequest("malformed_body", "The body must be {\"" + key + "\": {...}}.");
    }
    return obj;
  }
}
