package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The trash (PRODUCT.md §9.4): its listing and restores. A DELETE moves the card here ({@link Moves}); the
 * worker's {@code TrashRetention} purges it after {@code TRASH_RETENTION_DAYS}. A trashed card is not on the
 * board: every lookup of the opportunity routes answers 404 for it, until it is restored.
 */
final class Trash {

  private final Pool pool;
  private final PipelineRepository pipelines;
  private final Lookups lookups;

  Trash(Pool pool, PipelineRepository pipelines, Lookups lookups) {
    this.pool = pool;
    this.pipelines = pipelines;
    this.lookups = lookups;
  }

  /**
   * Puts the card back at the end of its stage, or of the org default's Unassigned stage when its stage is gone
   * (removed, or its pipeline deleted), which then is a stage change with its history entry. Under the stage
   * lock, like a create; the row leaves the trash in the same transaction, so of two restores one wins and the
   * other is a 404.
   */
  Future<JsonObject> restore(UUID orgId, String userId, String idOrPublicId) {
    return pipelines.ensureOrgDefault(orgId).compose(orgDefault -> pool.withTransaction(conn ->
        trashed(conn, orgId, idOrPublicId).compose(card -> {
          Future<UUID> stage = card.getString("stage_kind") != null ? Future.succeededFuture(card.getUUID("pipeline_stage_id"))
              : lookups.unassignedStage(conn, orgId, orgDefault);
          return stage.compose(stageId -> StageLocks.exclusive(conn, orgId, stageId)
              .compose(locked -> conn.preparedQuery(TrashSql.TAKE).execute(Tuple.of(orgId, card.getUUID("id"))).compose(taken -> {
                if (taken.size() == 0) {
                  return Future.failedFuture(ApiError.notFound("Opportunity"));
                }
                return putBack(conn, orgId, userId, taken.iterator().next(), locked);
              })));
        })));
  }

  private Future<JsonObject> putBack(SqlConnection conn, UUID orgId, String userId, Row card, StageLocks.Locked stage) {
    UUID id = card.getUUID("id");
    UUID from = card.getUUID("pipeline_stage_id");
    Deal deal = new Deal(id, stage.pipelineId(), stage.id(), 0, card.getInteger("version"), card.getString("name"),
        card.getBigDecimal("amount"), card.getString("currency"), card.getLocalDate("expected_close_date"),
        card.getString("owner_user_id"), card.getString("description"));
    return Ranks.end(conn, orgId, stage.id(), id)
        .compose(rank -> conn.preparedQuery(TrashSql.PUT_BACK).execute(Tuple.from(new Object[] {orgId, id,
            card.getString("public_id"), deal.name(), stage.pipelineId(), stage.id(), rank, deal.amount(), deal.currency(),
            deal.expectedCloseDate(), deal.ownerUserId(), deal.description(), card.getOffsetDateTime("stage_entered_at"),
            from, deal.version(), card.getOffsetDateTime("created_at")})))
        .compose(inserted -> StageTotals.change().add(stage.id(), deal).write(conn, orgId))
        .compose(totalled -> from.equals(stage.id()) ? Future.<Void>succeededFuture()
            : conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, id, from, stage.id(), userId)).<Void>mapEmpty())
        .compose(recorded -> lookups.card(conn, orgId, id))
        .map(OpportunityJson::of)
        .compose(restored -> BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_RESTORED, restored).map(restored));
  }

  /** A trashed card by either id; anything else (on the board, purged, another org's, malformed) is a 404. */
  private static Future<Row> trashed(SqlClient client, UUID orgId, String idOrPublicId) {
    Future<RowSet<Row>> rows;
    if (Ids.isPublicId(idOrPublicId)) {
      rows = client.preparedQuery(TrashSql.BY_PUBLIC_ID).execute(Tuple.of(orgId, idOrPublicId));
    } else {
      Optional<UUID> id = Ids.parseUuid(idOrPublicId);
      if (id.isEmpty()) {
        return Future.failedFuture(ApiError.notFound("Opportunity"));
      }
      rows = client.preparedQuery(TrashSql.BY_ID).execute(Tuple.of(orgId, id.get()));
    }
    return rows.map(set -> {
      if (set.size() == 0) {
        throw ApiError.notFound("Opportunity");
      }
      return set.iterator().next();
    });
  }

  /** A page of the trash, newest first: {@code {"opportunities": [...with deleted_at], "next_cursor"}}. */
  Future<JsonObject> page(UUID orgId, Optional<UUID> pipelineId, int limit, Optional<String> cursor) {
    Optional<TrashCursor> after = cursor.map(TrashCursor::decode);
    Tuple args = Tuple.of(orgId, limit + 1, pipelineId.orElse(null),
        after.map(TrashCursor::deletedAt).orElse(null), after.map(TrashCursor::id).orElse(null));
    return pool.preparedQuery(TrashSql.PAGE).execute(args).map(rows -> {
      JsonArray out = new JsonArray();
      Row last = null;
      for (Row row : rows) {
        if (out.size() == limit) {
          break;
        }
        out.add(json(row));
        last = row;
      }
      String next = rows.size() > limit && last != null
          ? new TrashCursor(last.getOffsetDateTime("deleted_at"), last.getUUID("id")).encode() : null;
      return new JsonObject().put("opportunities", out).put("next_cursor", next);
    });
  }

  /** The opportunity as it was when deleted, plus deleted_at; stage and status are null when its stage is gone. */
  private static JsonObject json(Row row) {
    return OpportunityJson.of(row).put("deleted_at", OpportunityJson.instant(row.getOffsetDateTime("deleted_at")));
  }

  /** Where a trash page ends: the last card's deletion time (in microseconds, as stored) and id. */
  record TrashCursor(OffsetDateTime deletedAt, UUID id) {

    private static final String VERSION = "t1";

    String encode() {
      long micros = deletedAt.toEpochSecond() * 1_000_000L + deletedAt.getNano() / 1_000;
      String raw = VERSION + ":" + micros + ":" + id;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static TrashCursor decode(String token) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
          throw invalid();
        }
        long micros = Long.parseLong(parts[1]);
        OffsetDateTime at = OffsetDateTime.ofInstant(Instant.EPOCH
            .plusSeconds(Math.floorDiv(micros, 1_000_000L)).plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
        return new TrashCursor(at, Ids.parseUuid(parts[2]).orElseThrow(TrashCursor::invalid));
      } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
        throw invalid();
      }
    }

    private static ApiError invalid() {
      return ApiError.badRequest("invalid_cursor", "The cursor is not one this server handed out.");
    }
  }
}
