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
 * by the hash of their canonical JSON (sorted keys, no whitespace). A replay answers with the first
 * response's exact bytes (kept beside the jsonb, which reorders keys) and says it is one
 * ({@code Idempotent-Replayed: true}).
 */
final class Idempotency {

  static final int MAX_KEY_LENGTH = 255;

  /** A create's answer; {@code bytes} and {@code replayed} are set when it repeats a stored one. */
  record Outcome(int status, JsonObject body, Buffer bytes, boolean replayed) {

    Outcome(int status, JsonObject body) {
      this(status, body, null, false);
    }
  }

  /** Claims a key, or re-claims one whose first use is older than a day (keys are remembered 24 hours). */
  private static final String CLAIM = """
      INSERT INTO idempotency_keys AS k (org_id, key, request_hash, response_status, response_body)
      VALUES ($1, $2, $3, 0, '{}'::jsonb)
      ON CONFLICT (org_id, key) DO UPDATE
        SET request_hash = excluded.request_hash, response_status = 0, response_body = '{}'::jsonb,
            response_bytes = NULL, created_at = now()
        WHERE k.created_at < now() - interval '24 hours'
      RETURNING key""";
  private static final String FIND = "SELECT request_hash, response_status, response_body, response_bytes"
      + " FROM idempotency_keys WHERE org_id = $1 AND key = $2";
  private static final String STORE = "UPDATE idempotency_keys SET response_status = $3, response_body = $4,"
      + " response_bytes = $5 WHERE org_id = $1 AND key = $2";

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
    return conn.preparedQuery(CLAIM).execute(Tuple.of(orgId, key.value(), Buffer.buffer(key.requestHash())))
        .compose(claimed -> {
          if (claimed.size() == 1) {
            return create.get().compose(outcome -> conn.preparedQuery(STORE)
                .execute(Tuple.of(orgId, key.value(), outcome.status(), outcome.body(), outcome.body().toBuffer()))
                .map(outcome));
          }
          return conn.preparedQuery(FIND).execute(Tuple.of(orgId, key.value())).map(rows -> {
            var row = rows.iterator().next();
            if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), key.requestHash())) {
              throw ApiError.unprocessable("idempotency_key_reused",
                  "This Idempotency-Key was already used with a different request body.");
            }
            JsonObject body = (JsonObject) row.getValue("response_body");
            Buffer bytes = row.getBuffer("response_bytes");
            return new Outcome(row.getInteger("response_status"), body, bytes == null ? body.toBuffer() : bytes, true);
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
