package io.drippulse.crm.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one way a handler says "this request fails": an HTTP status, a stable snake_case code, a sentence
 * for people, and optional details. {@link FailureHandler} turns it into the JSON error body.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final JsonArray details;

  public ApiError(int status, String code, String message, JsonArray details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details == null ? new JsonArray() : details;
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message, null);
  }

  public static ApiError unauthorized(String code, String message) {
    return new ApiError(401, code, message, null);
  }

  public static ApiError forbidden(String code, String message) {
    return new ApiError(403, code, message, null);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " was not found.", null);
  }

  public static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message, null);
  }

  public static ApiError unprocessable(String code, String message) {
    return new ApiError(422, code, message, null);
  }

  /** A validation failure on one field of the body. */
  public static ApiError invalidField(String field, String message) {
    return new ApiError(422, "validation_failed", message,
        new JsonArray().add(new JsonObject().put("field", field).put("message", message)));
  }

  public ApiError withCode(String otherCode) {
    return new ApiError(status, otherCode, getMessage(), details);
  }

  public ApiError withDetails(JsonArray more) {
    return new ApiError(status, code, getMessage(), more);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject toJson() {
    return new JsonObject().put("error", new JsonObject()
        .put("code", code)
        .put("message", getMessage())
        .put("details", details));
  }
}
