package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.errorCode;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/crm/opportunities/:id by public id or UUID, with its ETag. One test per outcome. */
class GetOpportunityRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void getByPublicIdOrUuidWithEtag() {
    JsonObject deal = crm.createDeal("Lookup", null);
    HttpResponse<Buffer> byPublic = alice.get(BASE + "/" + deal.getString("public_id"));
    HttpResponse<Buffer> byUuid = alice.get(BASE + "/" + deal.getString("id"));
    assertThat(byPublic.statusCode()).isEqualTo(200);
    assertThat(byPublic.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(byUuid.bodyAsJsonObject()).isEqualTo(byPublic.bodyAsJsonObject());
    assertThat(alice.get(BASE + "/opp_doesnotexist").statusCode()).isEqualTo(404);
    assertThat(alice.get(BASE + "/garbage").statusCode()).isEqualTo(404);
  }

  @Test
  void anUnknownOrMalformedIdIs404() {
    assertError(alice.get(BASE + "/" + UUID.randomUUID()), 404, "not_found");
    assertError(alice.get(BASE + "/opp_AAAAAAAAAAAA"), 404, "not_found");
    assertError(alice.get(BASE + "/not-an-id"), 404, "not_found");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
