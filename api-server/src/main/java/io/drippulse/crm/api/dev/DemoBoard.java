package io.drippulse.crm.api.dev;

import io.drippulse.crm.api.auth.TenantRepository;
import io.drippulse.crm.api.opportunities.DemoCards;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/** DEV_MODE only: gives the demo organization a board worth looking at, once (never over existing deals). */
public final class DemoBoard {

  private record Sample(String name, int stage, String amount, String currency) {
  }

  private static final List<Sample> SAMPLES = List.of(
      new Sample("ACME expansion", 1, "48000", "USD"),
      new Sample("Globex renewal", 1, "12500.50", "USD"),
      new Sample("Initech pilot", 0, "3000", "EUR"),
      new Sample("Umbrella platform deal", 2, "125000", "USD"),
      new Sample("Stark Industries add-on seats", 2, "9900", "USD"),
      new Sample("Wayne Enterprises security audit", 3, "64000", "USD"),
      new Sample("Hooli migration", 3, "21000", "GBP"),
      new Sample("Soylent supply contract", 4, "87000", "USD"),
      new Sample("Cyberdyne research licence", 5, "15000", "EUR"),
      new Sample("Tyrell replicant CRM", 0, "5400000", "JPY"));

  private DemoBoard() {
  }

  public static Future<Void> seed(Pool pool, UUID orgId, String userId) {
    PipelineRepository pipelines = new PipelineRepository(pool);
    DemoCards cards = new DemoCards(pool);
    return new TenantRepository(pool).ensure(orgId, userId)
        .compose(ignored -> pipelines.ensureOrgDefault(orgId))
        .compose(defaultId -> pipelines.get(orgId, defaultId))
        .compose(pipeline -> cards.orgHasAny(orgId)
            .compose(any -> any ? Future.succeededFuture() : insertAll(cards, orgId, userId, pipeline)));
  }

  private static Future<Void> insertAll(DemoCards cards, UUID orgId, String userId, JsonObject pipeline) {
    Future<Void> chain = Future.succeededFuture();
    for (Sample sample : SAMPLES) {
      UUID stageId = UUID.fromString(pipeline.getJsonArray("stages").getJsonObject(sample.stage()).getString("id"));
      chain = chain.compose(ignored -> cards.append(orgId, userId, stageId, sample.name(), sample.amount(), sample.currency()));
    }
    return chain;
  }
}
