package io.drippulse.crm.api.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import io.drippulse.crm.api.Remembered;

/**
 * Organizations and users are recorded the first time a valid token names them. The set of pairs
 * already recorded is remembered per process so the steady state costs no write per request.
 */
public final class TenantRepository {

  // One statement: the users row's foreign key sees the organizations row inserted by the CTE.
  private static final String ENSURE_ORG_AND_USER = """
      WITH org AS (INSERT INTO organizations (id) VALUES ($1) ON CONFLICT DO NOTHING)
      INSERT INTO users (org_id, id) VALUES ($1, $2) ON CONFLICT DO NOTHING""";

  private final Pool pool;
  private final Remembered<String, Boolean> known = new Remembered<>();

  public TenantRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> ensure(Principal principal) {
    if (!principal.hasUser()) {
      return Future.succeededFuture(); // an API key exists only inside an already recorded organization
    }
    String key = principal.orgId() + "/" + principal.userId();
    if (known.get(key).isPresent()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(ENSURE_ORG_AND_USER)
        .execute(Tuple.of(principal.orgId(), principal.userId()))
        .map(ignored -> {
          known.remember(key, true);
          return null;
        });
  }

  public Future<Void> ensure(UUID orgId, String userId) {
    return ensure(Principal.user(orgId, userId));
  }
}
