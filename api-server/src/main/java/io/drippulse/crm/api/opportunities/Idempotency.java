package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Idempotency-Key for creates, per organization. The key is claimed in the same transaction as the
 * create: a concurrent repeat waits on the claim and then replays the stored response; a failed create
 * rolls its claim back, so the client may retry with the same key.
 */
final class Idempotency {

  static final int MAX_KEY_LENGTH = 255;

  record Outcome(int status, JsonObject body) {
  }

  private Idempotency() {
  }

  static Future<Outcome> once(SqlConnection conn, UUID orgId, String key, Buffer requestBody, Supplier<Future<Outcome>> create) {
    byte[] hash = sha256(requestBody.getBytes());
    return conn.preparedQuery(OpportunitySql.IDEMPOTENCY_CLAIM).execute(Tuple.of(orgId, key, Buffer.buffer(hash)))
        .compose(claimed -> {
          if (claimed.size() == 1) {
            return create.get().compose(outcome -> conn.preparedQuery(OpportunitySql.IDEMPOTENCY_STORE)
                .execute(Tuple.of(orgId, key, outcome.status(), outcome.body())).map(outcome));
          }
          return conn.preparedQuery(OpportunitySql.IDEMPOTENCY_FIND).execute(Tuple.of(orgId, key)).map(rows -> {
            var row = rows.iterator().next();
            if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), hash)) {
              throw ApiError.unprocessable("idempotency_key_reused",
                  "This Idempotency-Key was already used with a different request body.");
            }
            return new Outcome(row.getInteger("response_status"), (JsonObject) row.getValue("response_body"));
          });
        });
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
