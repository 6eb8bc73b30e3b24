package io.drippulse.crm.api.opportunities;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** A repeated Idempotency-Key answers with the first response's exact bytes, marked Idempotent-Replayed: true. */
class IdempotentReplayTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();

  @Test
  void aReplayIsTheStoredBytesAndSaysItIsAReplay() {
    String body = "{\"opportunity\":{\"name\":\"Replayed\",\"amount\":\"12.50\",\"currency\":\"EUR\",\"description\":\"zebra\"}}";
    HttpResponse<Buffer> first = create("replay-1", body);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();

    // the same body with its keys in another order and other spacing is the same request
    String reordered = "{ \"opportunity\" : {\"description\":\"zebra\", \"currency\":\"EUR\",\"amount\":\"12.50\",\"name\":\"Replayed\"} }";
    for (String again : new String[] {body, reordered}) {
      HttpResponse<Buffer> replay = create("replay-1", again);
      assertThat(replay.statusCode()).isEqualTo(201);
      assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
      assertThat(replay.bodyAsString()).isEqualTo(first.bodyAsString());
      assertThat(replay.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
    }
    assertThat(new Crm(alice).list("")).hasSize(1);
  }

  @Test
  void aCreateWithoutAKeyIsNeverMarkedAsAReplay() {
    String body = "{\"opportunity\":{\"name\":\"Plain\"}}";
    assertThat(create(null, body).getHeader("Idempotent-Replayed")).isNull();
    assertThat(create(null, body).getHeader("Idempotent-Replayed")).isNull();
    assertThat(new Crm(alice).list("")).hasSize(2);
  }

  private HttpResponse<Buffer> create(String key, String body) {
    var request = alice.request(HttpMethod.POST, BASE).putHeader("Content-Type", "application/json");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return request.sendBuffer(Buffer.buffer(body)).await();
  }
}
