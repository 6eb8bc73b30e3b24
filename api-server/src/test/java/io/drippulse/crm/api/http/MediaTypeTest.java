package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The media type is parsed, not prefix-matched: application/json with parameters is JSON, nothing else is. */
class MediaTypeTest {

  private static final String OPPS = "/api/v1/crm/opportunities";
  private static final String BODY = "{\"opportunity\":{\"name\":\"typed\"}}";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void lookAlikesOfJsonAre415() {
    for (String type : new String[] {"application/jsonx", "application/json-patch+json", "application/json5",
        "application/json/x", "application/jsonl; charset=utf-8", "text/json", "application/x-json", "application/json, text/plain",
        "application/json; charset=latin1", "application/json; charset", "*/*", ""}) {
      assertError(alice.sendRaw(HttpMethod.POST, OPPS, Buffer.buffer(BODY), type, null), 415, "unsupported_media_type");
    }
    assertError(alice.sendRaw(HttpMethod.POST, "/api/v1/crm/portability/imports", Buffer.buffer("{}"), "application/jsonx", null),
        415, "unsupported_media_type");
    assertThat(crm.list("")).isEmpty();
  }

  @Test
  void applicationJsonWithParametersIsJson() {
    for (String type : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=\"UTF-8\"", " application/json ; foo=bar"}) {
      assertThat(alice.sendRaw(HttpMethod.POST, OPPS, Buffer.buffer(BODY), type, null).statusCode()).as(type).isEqualTo(201);
    }
    assertThat(crm.list("")).hasSize(5);
  }
}
