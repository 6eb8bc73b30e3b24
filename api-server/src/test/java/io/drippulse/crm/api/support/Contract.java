package io.drippulse.crm.api.support;

import io.drippulse.crm.api.openapi.OpenApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The served OpenAPI description as a check on every response the tests' web clients receive: a response of
 * an /api/v1 operation must match the operation's description (status, headers, body schema); a response to
 * a method and path the description lacks must be an error in the shared error shape. Only responses are
 * validated: vertx-openapi 5.0.10 answers 400 where the API promises 415 for a wrong content type. It also
 * refuses text/event-stream in a contract, so operations streaming events are left out of the loaded copy
 * (and their responses unchecked here).
 */
public final class Contract {

  private static Contract instance;

  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final List<Pattern> unchecked;

  private Contract(OpenAPIContract contract, ResponseValidator validator, List<Pattern> unchecked) {
    this.contract = contract;
    this.validator = validator;
    this.unchecked = unchecked;
  }

  public static synchronized Contract get() {
    if (instance == null) {
      Vertx vertx = Vertx.vertx();
      JsonObject raw = document();
      List<Pattern> unchecked = withoutEventStreams(raw);
      OpenAPIContract contract = OpenAPIContract.from(vertx, raw).await();
      instance = new Contract(contract, ResponseValidator.create(vertx, contract), unchecked);
    }
    return instance;
  }

  /** The description as the server serves it. */
  public static JsonObject document() {
    try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code client}, checking every response against the description before the test sees it. */
  public static WebClient validating(WebClient client) {
    Contract contract = get();
    ((WebClientInternal) client).addInterceptor(ctx -> {
      if (ctx.phase() == ClientPhase.DISPATCH_RESPONSE) {
        contract.check(ctx);
      } else {
        ctx.next();
      }
    });
    return client;
  }

  private void check(HttpContext<?> ctx) {
    HttpMethod method = ctx.request().method();
    String path = ctx.request().uri().split("\\?", 2)[0];
    HttpResponse<?> response = ctx.response();
    verify(method, path, response).onSuccess(ignored -> ctx.next())
        .onFailure(e -> ctx.fail(new AssertionError("response to " + method + " " + path + " breaks the OpenAPI"
            + " description: " + e.getMessage() + "; status " + response.statusCode() + ", body " + excerpt(response), e)));
  }

  private Future<?> verify(HttpMethod method, String path, HttpResponse<?> response) {
    if (!path.startsWith("/api/v1/") || unchecked.stream().anyMatch(p -> p.matcher(path).matches())) {
      return Future.succeededFuture();
    }
    Operation operation;
    try {
      operation = contract.findOperation(path, method);
    } catch (RuntimeException e) {
      operation = null;
    }
    Buffer body = body(response);
    if (operation == null) {
      return response.statusCode() >= 400 && isErrorShape(body) ? Future.succeededFuture()
          : Future.failedFuture("no operation describes " + method + " " + path);
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    String contentType = response.getHeader("Content-Type");
    ValidatableResponse validatable = body == null || body.length() == 0 || contentType == null
        ? ValidatableResponse.create(response.statusCode(), headers)
        : ValidatableResponse.create(response.statusCode(), headers, body, contentType.split(";", 2)[0].trim());
    return validator.validate(validatable, operation.getOperationId());
  }

  /** Validates a JSON body as {@code operationId}'s response with {@code status}: what the web clients do. */
  public Future<?> validate(String operationId, int status, JsonObject body) {
    return validator.validate(ValidatableResponse.create(status, body.toBuffer(), "application/json"), operationId);
  }

  private static boolean isErrorShape(Buffer body) {
    try {
      JsonObject error = new JsonObject(body).getJsonObject("error");
      return error != null && error.getString("code") != null && error.getString("message") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Buffer body(HttpResponse<?> response) {
    Object body = response.body();
    if (body instanceof Buffer buffer) {
      return buffer;
    }
    if (body instanceof JsonObject json) {
      return json.toBuffer();
    }
    return body == null ? null : Buffer.buffer(body.toString());
  }

  private static String excerpt(HttpResponse<?> response) {
    Buffer body = body(response);
    String text = body == null ? "(none)" : body.toString();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  /** Removes the operations answering text/event-stream; patterns of the paths they served. */
  private static List<Pattern> withoutEventStreams(JsonObject raw) {
    List<Pattern> removed = new ArrayList<>();
    JsonObject paths = raw.getJsonObject("paths");
    for (String path : List.copyOf(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.copyOf(item.fieldNames())) {
        if (item.getValue(method) instanceof JsonObject op && op.encode().contains("\"text/event-stream\"")) {
          item.remove(method);
          removed.add(Pattern.compile(path.replaceAll("\\{[^}]+}", "[^/]+")));
        }
      }
      if (item.isEmpty()) {
        paths.remove(path);
      }
    }
    return removed;
  }
}
