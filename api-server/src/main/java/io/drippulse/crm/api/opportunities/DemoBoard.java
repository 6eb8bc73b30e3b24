package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.auth.TenantRepository;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.model.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
    return new TenantRepository(pool).ensure(orgId, userId)
        .compose(ignored -> pipelines.ensureOrgDefault(orgId))
        .compose(defaultId -> pipelines.get(orgId, defaultId))
        .compose(pipeline -> pool.preparedQuery(OpportunitySql.ORG_HAS_OPPORTUNITIES).execute(Tuple.of(orgId))
            .compose(rows -> rows.iterator().next().getBoolean("any") ? Future.succeededFuture() : insertAll(pool, orgId, userId, pipeline)));
  }

  private static Future<Void> insertAll(Pool pool, UUID orgId, String userId, JsonObject pipeline) {
    Future<Void> chain = Future.succeededFuture();
    for (Sample sample : SAMPLES) {
      UUID stageId = UUID.fromString(pipeline.getJsonArray("stages").getJsonObject(sample.stage()).getString("id"));
      Deal fields = new Deal(null, null, null, 0, 0, sample.name(),
          Money.parseAmount(sample.amount(), sample.currency()).orElseThrow(), sample.currency(), null, userId, null);
      chain = chain.compose(ignored -> pool.withTransaction(conn -> OpportunityRepository.insert(conn, orgId, userId, stageId, fields)))
          .mapEmpty();
    }
    return chain;
  }
}
