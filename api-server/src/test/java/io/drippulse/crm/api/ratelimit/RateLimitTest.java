package io.drippulse.crm.api.ratelimit;

import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RATE_LIMIT_PER_MINUTE per organization, on a server of its own with a limit of 3. */
class RateLimitTest {

  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private static ScratchServer server;

  @BeforeAll
  static void start() {
    server = ScratchServer.start(TestServer.config(TestServer.get().database).put("RATE_LIMIT_PER_MINUTE", 3));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anOrganizationOverItsLimitGets429WithRetryAfterAndOthersAreNotLimited() {
    Api busy = caller();
    for (int remaining = 2; remaining >= 0; remaining--) {
      HttpResponse<Buffer> admitted = busy.get(PIPELINES);
      assertThat(admitted.statusCode()).isEqualTo(200);
      assertThat(admitted.getHeader("RateLimit-Limit")).isEqualTo("3");
      assertThat(admitted.getHeader("RateLimit-Remaining")).isEqualTo(String.valueOf(remaining));
      assertThat(Integer.parseInt(admitted.getHeader("RateLimit-Reset"))).isBetween(1, 60);
    }

    HttpResponse<Buffer> limited = busy.get(PIPELINES);
    assertError(limited, 429, "rate_limited");
    assertThat(limited.getHeader("RateLimit-Remaining")).isEqualTo("0");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 20);
    assertThat(limited.getHeader("RateLimit-Reset")).isEqualTo(limited.getHeader("Retry-After"));

    HttpResponse<Buffer> other = caller().get(PIPELINES);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.getHeader("RateLimit-Remaining")).isEqualTo("2");
  }

  @Test
  void errorResponsesCarryTheHeadersAndCount() {
    Api caller = caller();
    HttpResponse<Buffer> missing = caller.get("/api/v1/crm/opportunities/" + UUID.randomUUID());
    assertError(missing, 404, "not_found");
    assertThat(missing.getHeader("RateLimit-Remaining")).isEqualTo("2");
    assertThat(caller.get(PIPELINES).getHeader("RateLimit-Remaining")).isEqualTo("1");
  }

  private static Api caller() {
    UUID org = UUID.randomUUID();
    return server.withAuthorization("Bearer " + TestServer.get().tokens.user(org, "user-" + org.toString().substring(0, 8)));
  }
}
