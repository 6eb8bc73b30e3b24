package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * The registered claims must have the types RFC 7519 gives them before vertx-auth-jwt sees the token:
 * it reads {@code exp}, {@code nbf} and {@code iat} as numbers and {@code aud} as strings, and throws
 * (synchronously, outside its Future) on anything else. A correctly signed token with mistyped claims is
 * as invalid as a badly signed one.
 */
final class ClaimTypes {

  private ClaimTypes() {
  }

  /** The compact token's header and payload decode to JSON objects whose registered claims are well typed. */
  static void check(String token) {
    String[] segments = token.split("\\.", -1);
    if (segments.length != 3) {
      throw invalid("The token is not in compact JWT form.");
    }
    JsonObject header = decode(segments[0]);
    if (!(header.getValue("alg") instanceof String)) {
      throw invalid("The token header names no algorithm.");
    }
    JsonObject claims = decode(segments[1]);
    if (!numericDate(claims.getValue("exp"))) {
      throw invalid("The token has no valid expiry (exp must be a number of seconds).");
    }
    for (String claim : new String[] {"nbf", "iat"}) {
      if (claims.containsKey(claim) && !numericDate(claims.getValue(claim))) {
        throw invalid("The token's " + claim + " claim must be a number of seconds.");
      }
    }
    if (claims.containsKey("iss") && !(claims.getValue("iss") instanceof String)) {
      throw invalid("The token's iss claim must be a string.");
    }
    if (claims.containsKey("aud") && !audience(claims.getValue("aud"))) {
      throw invalid("The token's aud claim must be a string or an array of strings.");
    }
  }

  private static JsonObject decode(String segment) {
    try {
      // Vert.x's own decoding, so numbers come back as the types vertx-auth-jwt will see
      Object value = Json.decodeValue(Buffer.buffer(Base64.getUrlDecoder().decode(segment)));
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (RuntimeException e) {
      // not base64url, or not JSON: refused below like any other malformed token
    }
    throw invalid("The token is not a JWT.");
  }

  /** Whole or fractional seconds that fit a long; booleans, strings, null and huge integers are not dates. */
  private static boolean numericDate(Object value) {
    return value instanceof Integer || value instanceof Long
        || value instanceof Double d && Double.isFinite(d) && Math.abs(d) < 9.2e18;
  }

  private static boolean audience(Object value) {
    if (value instanceof String) {
      return true;
    }
    if (!(value instanceof JsonArray array)) {
      return false;
    }
    return array.stream().allMatch(String.class::isInstance);
  }

  private static ApiError invalid(String message) {
    return ApiError.unauthorized("invalid_token", message);
  }
}
