package io.drippulse.crm.api.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for reading API answers in tests. */
public final class Json {

  private Json() {
  }

  public static JsonObject ok(HttpResponse<Buffer> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.body() == null || response.body().length() == 0 ? new JsonObject() : response.bodyAsJsonObject();
  }

  /** The response is the JSON error shape with this status and code. */
  public static void assertError(HttpResponse<Buffer> response, int status, String code) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.bodyAsString());
    }
    String type = response.getHeader("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      throw new AssertionError("error body is not JSON: " + type);
    }
    if (!code.equals(errorCode(response))) {
      throw new AssertionError("expected code " + code + ": " + response.bodyAsString());
    }
  }

  public static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  public static List<String> strings(JsonArray array, String field) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(String.valueOf(array.getJsonObject(i).getValue(field)));
    }
    return out;
  }

  public static JsonObject wrap(String key, JsonObject inner) {
    return new JsonObject().put(key, inner);
  }
}
