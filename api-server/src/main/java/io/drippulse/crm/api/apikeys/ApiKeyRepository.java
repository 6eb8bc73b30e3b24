package io.drippulse.crm.api.apikeys;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** All SQL of API keys. */
public final class ApiKeyRepository {

  private static final String INSERT = """
      INSERT INTO api_keys (org_id, id, name, key_hash, created_by)
      VALUES ($1, $2, $3, $4, $5)
      RETURNING id, name, created_at""";
  private static final String LIST = """
      SELECT id, name, created_by, created_at FROM api_keys
      WHERE org_id = $1 AND revoked_at IS NULL ORDER BY created_at, id""";
  private static final String REVOKE = """
      UPDATE api_keys SET revoked_at = now() WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL""";
  private static final String FIND_ACTIVE = """
      SELECT id FROM api_keys WHERE org_id = $1 AND key_hash = $2 AND revoked_at IS NULL""";

  private final Pool pool;

  public ApiKeyRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> create(UUID orgId, String name, byte[] keyHash, String createdBy) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(orgId, UUID.randomUUID(), name, Buffer.buffer(keyHash), createdBy))
        .map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonArray> list(UUID orgId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(orgId)).map(rows -> {
      JsonArray keys = new JsonArray();
      rows.forEach(row -> keys.add(toJson(row).put("created_by", row.getString("created_by"))));
      return keys;
    });
  }

  public Future<Boolean> revoke(UUID orgId, UUID id) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(orgId, id)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Optional<UUID>> findActive(UUID orgId, byte[] keyHash) {
    return pool.preparedQuery(FIND_ACTIVE).execute(Tuple.of(orgId, Buffer.buffer(keyHash)))
        .map(ApiKeyRepository::firstId);
  }

  private static Optional<UUID> firstId(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id"));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("created_at", row.getOffsetDateTime("created_at").toString());
  }
}
