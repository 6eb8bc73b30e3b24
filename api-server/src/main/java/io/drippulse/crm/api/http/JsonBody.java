package io.drippulse.crm.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSON request body: 415 unless it is declared JSON, 400 unless it is one JSON object.
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
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
      throw FailureHandler.fromStatus(415);
    }
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiError.badRequest("malformed_json", "The request body is empty; send a JSON object.");
    }
    try {
      JsonNode node = MAPPER.readTree(ctx.body().buffer().getBytes());
      if (node == null || !node.isObject()) {
        throw ApiError.badRequest("malformed_json", "The request body must be a JSON object.");
      }
      return new JsonObject(MAPPER.convertValue(node, Map.class));
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
    } catch (IOException e) {
      throw ApiError.badRequest("malformed_json", "The request body could not be read.");
    }
  }

  /** The body re-encoded with sorted keys and no whitespace: equal JSON gives equal bytes. */
  public static byte[] canonical(RoutingContext ctx) {
    try {
      Object tree = MAPPER.readValue(ctx.body().buffer().getBytes(), Object.class);
      return CANONICAL.writeValueAsBytes(tree);
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
