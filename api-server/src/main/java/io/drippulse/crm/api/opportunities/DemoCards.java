package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.model.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** What the DEV_MODE demo board (dev/DemoBoard) may write: cards appended the way the API appends them. */
public final class DemoCards {

  private final Pool pool;
  private final OpportunityRepository repository;

  public DemoCards(Pool pool) {
    this.pool = pool;
    this.repository = new OpportunityRepository(pool, new PipelineRepository(pool), new Lookups());
  }

  public Future<Boolean> orgHasAny(UUID orgId) {
    return pool.preparedQuery(OpportunitySql.ORG_HAS_OPPORTUNITIES).execute(Tuple.of(orgId))
        .map(rows -> rows.iterator().next().getBoolean("any"));
  }

  /** Appends one card owned by {@code userId}; the amount is a decimal string valid for the currency. */
  public Future<Void> append(UUID orgId, String userId, UUID stageId, String name, String amount, String currency) {
    Deal fields = new Deal(null, null, null, 0, 0, name, Money.parseAmount(amount, currency).orElseThrow(), currency,
        null, userId, null);
    return pool.withTransaction(conn -> repository.insert(conn, orgId, userId, stageId, fields)).mapEmpty();
  }
}
