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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Idempotency-Key for creates, per organization, remembered 24 hours. The key is claimed in the same
 * transaction as the create: a concurrent repeat waits on the claim, then replays the stored response;
 * a failed create rolls its claim back, so the client may retry with the same key. Bodies are compared
 * by the hash of their canonical JSON (sorted keys, no whitespace).
 */
final class Idempotency {

  static final int MAX_KEY_LENGTH = 255;

  record Outcome(int status, JsonObject body) {
  }

  record Key(String value, byte[] requestHash) {

    static Optional<Key> of(String header, byte[] canonicalBody) {
      if (header == null) {
        return Optional.empty();
      }
      if (header.isBlank() || header.length() > MAX_KEY_LENGTH || header.chars().anyMatch(Character::isISOControl)) {
        throw ApiError.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1 to 255 printable characters.");
      }
      return Optional.of(new Key(header, sha256(canonicalBody)));
    }
  }

  private Idempotency() {
  }

  static Future<Outcome> once(SqlConnection conn, UUID orgId, Key key, Supplier<Future<Outcome>> create) {
    return conn.preparedQuery(OpportunitySql.IDEMPOTENCY_CLAIM).execute(Tuple.of(orgId, key.value(), Buffer.buffer(key.requestHash())))
        .compose(claimed -> {
          if (claimed.size() == 1) {
            return create.get().compose(outcome -> conn.preparedQuery(OpportunitySql.IDEMPOTENCY_STORE)
                .execute(Tuple.of(orgId, key.value(), outcome.status(), outcome.body())).map(outcome));
          }
          return conn.preparedQuery(OpportunitySql.IDEMPOTENCY_FIND).execute(Tuple.of(orgId, key.value())).map(rows -> {
            var row = rows.iterator().next();
            if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), key.requestHash())) {
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
