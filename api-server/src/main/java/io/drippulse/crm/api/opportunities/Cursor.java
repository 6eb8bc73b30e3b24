package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * An opaque page cursor: the last card of the page, the stage it was in and that stage's order, and its
 * rank there. While the card is still in that stage the next page starts after its current rank; once it
 * has left, after the rank it had, which no other card's move changes.
 */
record Cursor(UUID lastId, UUID stageId, int stageOrder, long rank) {

  private static final String VERSION = "v2";

  static Cursor after(Row row) {
    return new Cursor(row.getUUID("id"), row.getUUID("pipeline_stage_id"), row.getInteger("stage_order"), row.getLong("rank"));
  }

  String encode() {
    String raw = VERSION + ":" + lastId + ":" + stageId + ":" + stageOrder + ":" + rank;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<Cursor> decode(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
      // ASCII digits only: parseInt alone would also read fullwidth digits
      if (parts.length != 5 || !VERSION.equals(parts[0]) || !parts[3].matches("[0-9]{1,9}") || !parts[4].matches("-?[0-9]{1,18}")) {
        throw invalid();
      }
      UUID last = Ids.parseUuid(parts[1]).orElseThrow(Cursor::invalid);
      UUID stage = Ids.parseUuid(parts[2]).orElseThrow(Cursor::invalid);
      return Optional.of(new Cursor(last, stage, Integer.parseInt(parts[3]), Long.parseLong(parts[4])));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static ApiError invalid() {
    return ApiError.badRequest("invalid_cursor", "The cursor is not one this server handed out.");
  }
}
