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

/** DELETE /api/v1/crm/opportunities/:id. One test per outcome. */
class DeleteOpportunityRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void deleteClosesTheGap() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    crm.createDeal("C", stage);
    assertThat(alice.delete(BASE + "/" + b.getString("public_id")).statusCode()).isEqualTo(204);
    JsonArray left = crm.list("pipeline_stage_id=" + stage);
    assertThat(strings(left, "name")).containsExactly("A", "C");
    assertThat(strings(left, "stage_position")).containsExactly("0", "1");
    assertThat(alice.delete(BASE + "/" + b.getString("public_id")).statusCode()).isEqualTo(404);
  }

  @Test
  void deletingACardTwiceIs404TheSecondTime() {
    String id = crm.createDeal("gone", null).getString("id");
    ok(alice.delete(BASE + "/" + id), 204);
    assertError(alice.delete(BASE + "/" + id), 404, "not_found");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
