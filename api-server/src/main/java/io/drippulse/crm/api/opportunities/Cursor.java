package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** An opaque page cursor: the last card of the page, where it was, and the stage it was in. */
record Cursor(UUID lastId, UUID stageId, int stageOrder, int position) {

  static Cursor after(Row row) {
    return new Cursor(row.getUUID("id"), row.getUUID("pipeline_stage_id"), row.getInteger("stage_order"), row.getInteger("stage_position"));
  }

  String encode() {
    String raw = "v1:" + lastId + ":" + stageId + ":" + stageOrder + ":" + position;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<Cursor> decode(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
      // ASCII digits only: parseInt alone would also read fullwidth digits
      if (parts.length != 5 || !"v1".equals(parts[0]) || !parts[3].matches("[0-9]{1,9}") || !parts[4].matches("[0-9]{1,9}")) {
        throw invalid();
      }
      UUID last = Ids.parseUuid(parts[1]).orElseThrow(Cursor::invalid);
      UUID stage = Ids.parseUuid(parts[2]).orElseThrow(Cursor::invalid);
      return Optional.of(new Cursor(last, stage, Integer.parseInt(parts[3]), Integer.parseInt(parts[4])));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static ApiError invalid() {
    return ApiError.badRequest("invalid_cursor", "The cursor is not one this server handed out.");
  }
}
