package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** The transport-level outcomes shared by every route: 400, 404, 405, 413, 415, request ids, health. */
class RequestHandlingTest {

  private final TestServer server = TestServer.get();
  private final Api user = server.newOrgUser();

  @Test
  void malformedJsonIs400() {
    assertError(user.sendRaw(HttpMethod.POST, "/api/v1/api_keys", Buffer.buffer("{\"name\":"), "application/json", null), 400, "malformed_json");
    assertError(user.sendRaw(HttpMethod.POST, "/api/v1/api_keys", Buffer.buffer("[1,2]"), "application/json", null), 400, "malformed_json");
  }

  @Test
  void wrongContentTypeIs415() {
    assertError(user.sendRaw(HttpMethod.POST, "/api/v1/api_keys", Buffer.buffer("{}"), "text/plain", null), 415, "unsupported_media_type");
  }

  @Test
  void oversizedBodyIs413() {
    Buffer big = Buffer.buffer("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
    assertError(user.sendRaw(HttpMethod.POST, "/api/v1/api_keys", big, "application/json", null), 413, "payload_too_large");
  }

  @Test
  void unknownApiRouteIs404AndWrongMethodIs405() {
    assertError(user.get("/api/v1/nothing-here"), 404, "not_found");
    assertError(user.send(HttpMethod.PUT, "/api/v1/api_keys", null), 405, "method_not_allowed");
  }

  @Test
  void requestIdIsEchoedOrAssigned() {
    assertThat(user.get("/api/v1/api_keys").getHeader("X-Request-Id")).hasSize(16);
    HttpResponse<Buffer> echoed = user.request(HttpMethod.GET, "/api/v1/api_keys").putHeader("X-Request-Id", "trace-12345678").send().await();
    assertThat(echoed.getHeader("X-Request-Id")).isEqualTo("trace-12345678");
  }

  @Test
  void healthEndpointsNeedNoCredentials() {
    Api anonymous = user.withoutAuthorization();
    assertThat(anonymous.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void demoSignInDoesNotExistOutsideDevMode() {
    assertThat(user.withoutAuthorization().post("/dev/login", null).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> info = user.withoutAuthorization().get("/dev/info");
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.bodyAsJsonObject().getBoolean("dev_mode")).isFalse();
  }

  @Test
  void theUiIsServedWithAStrictContentSecurityPolicy() {
    HttpResponse<Buffer> page = user.withoutAuthorization().get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.bodyAsString()).contains("<html");
  }

}
