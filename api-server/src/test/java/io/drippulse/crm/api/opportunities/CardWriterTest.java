package io.drippulse.crm.api.opportunities;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A list page's cards (written by CardWriter) are the cards GET /opportunities/{id} answers (OpportunityJson),
 * field for field and byte for byte once re-encoded, for text that needs escaping, nulls, currencies of
 * different digits, and cards of several stages on one page.
 */
class CardWriterTest {

  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);
  private final JsonObject pipeline = crm.orgDefault();

  private JsonObject deal(String name, String stage, String amount, String currency, String owner, String description) {
    JsonObject body = new JsonObject().put("name", name).put("pipeline_stage_id", Crm.stageId(pipeline, stage))
        .put("amount", amount).put("currency", currency).put("owner_user_id", owner).put("description", description)
        .put("expected_close_date", amount == null ? null : "2027-03-31");
    return crm.createDeal(body);
  }

  @Test
  void aPageWritesEachCardAsTheCardRouteDoes() {
    List<String> ids = new ArrayList<>();
    ids.add(deal("Quote \" and back\\slash", "Qualification", "1200.5", "USD", "owner \"one\"", "line\nbreak\ttab").getString("id"));
    ids.add(deal("Ünïcode 日本語 😀", "Qualification", "900", "JPY", null, null).getString("id"));
    ids.add(deal("control chars", "Proposal", null, "EUR", "o", "bell \u0007 unit \u001f").getString("id"));
    ids.add(deal("plain", "Proposal", "0.125", "BHD", null, "").getString("id"));
    crm.move(ids.get(3), new JsonObject().put("pipeline_stage_id", Crm.stageId(pipeline, "Qualification")).put("stage_position", 0));

    JsonArray page = crm.list("pipeline_id=" + pipeline.getString("id") + "&limit=100");

    assertThat(page).hasSize(ids.size());
    for (Object listed : page) {
      JsonObject card = (JsonObject) listed;
      JsonObject alone = crm.deal(card.getString("id"));
      assertThat(card.encode()).isEqualTo(alone.encode());
    }
  }
}
