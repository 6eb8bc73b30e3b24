package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * Edits that may change positions: PATCH (fields, moves, repositioning) and DELETE. Each reads the card
 * without locks, then locks the stage rows involved (ascending id) and the card, and checks that nobody
 * moved or changed it in between; if somebody did, it starts over from a fresh read.
 */
final class Moves {

  private static final int ATTEMPTS = 8;

  private final Pool pool;

  Moves(Pool pool) {
    this.pool = pool;
  }

  /** A retry signal: the card changed between our read and our lock. */
  private static final class Raced extends RuntimeException {
    Raced() {
      super(null, null, false, false);
    }
  }

  Future<JsonObject> update(UUID orgId, String userId, String idOrPublicId, JsonObject body, Optional<Integer> ifMatch) {
    return attempt(ATTEMPTS, () -> OpportunityRepository.find(pool, orgId, idOrPublicId).compose(row -> {
      Deal current = Deal.from(row);
      if (ifMatch.isPresent() && ifMatch.get() != current.version()) {
        throw preconditionFailed();
      }
      Deal edited = current.withFields(OpportunityInput.fields(body, current));
      OpportunityInput.Placement placement = OpportunityInput.placement(body);
      return target(orgId, current, placement).compose(target -> target.isEmpty()
          ? editInPlace(orgId, edited, ifMatch)
          : pool.withTransaction(conn -> move(conn, orgId, userId, current, edited, target.get(), placement.position())));
    })).compose(id -> OpportunityRepository.find(pool, orgId, id.toString())).map(OpportunityJson::of);
  }

  Future<Void> delete(UUID orgId, String idOrPublicId) {
    return attempt(ATTEMPTS, () -> OpportunityRepository.find(pool, orgId, idOrPublicId).compose(row -> {
      Deal current = Deal.from(row);
      return pool.withTransaction(conn -> lockStages(conn, orgId, current.stageId(), current.stageId())
          .compose(ignored -> conn.preparedQuery(OpportunitySql.DELETE).execute(Tuple.of(orgId, current.id(), current.stageId())))
          .compose(rows -> {
            if (rows.size() == 0) {
              throw new Raced();
            }
            int position = rows.iterator().next().getInteger("stage_position");
            return conn.preparedQuery(OpportunitySql.CLOSE_GAP).execute(Tuple.of(orgId, current.stageId(), position));
          })
          .map(current.id()));
    })).mapEmpty();
  }

  /** The stage the card should end up in, or empty when this edit does not touch its place. */
  private Future<Optional<UUID>> target(UUID orgId, Deal current, OpportunityInput.Placement placement) {
    if (placement.stageId().isPresent()) {
      return OpportunityRepository.stageInOrg(pool, orgId, placement.stageId().get(), placement.pipelineId()).map(Optional::of);
    }
    boolean otherPipeline = placement.pipelineId().isPresent()
        && !OpportunityInput.uuid(placement.pipelineId()).map(current.pipelineId()::equals).orElse(false);
    if (otherPipeline) {
      return OpportunityRepository.firstStage(pool, orgId, placement.pipelineId().get()).map(Optional::of);
    }
    return Future.succeededFuture(placement.position().isPresent() ? Optional.of(current.stageId()) : Optional.empty());
  }

  private Future<UUID> editInPlace(UUID orgId, Deal edited, Optional<Integer> ifMatch) {
    return pool.preparedQuery(OpportunitySql.UPDATE_FIELDS).execute(Tuple.from(new Object[] {orgId, edited.id(),
            edited.version(), edited.name(), edited.amount(), edited.currency(), edited.expectedCloseDate(),
            edited.ownerUserId(), edited.description()}))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw ifMatch.isPresent() ? preconditionFailed() : new Raced();
          }
          return edited.id();
        });
  }

  private static Future<UUID> move(SqlConnection conn, UUID orgId, String userId, Deal current, Deal edited, UUID to,
                                   Optional<Integer> requested) {
    UUID from = current.stageId();
    return lockStages(conn, orgId, from, to)
        .compose(stages -> conn.preparedQuery(OpportunitySql.LOCK_OPPORTUNITY).execute(Tuple.of(orgId, current.id()))
            .compose(rows -> {
              Row locked = rows.size() == 0 ? null : rows.iterator().next();
              if (locked == null || !from.equals(locked.getUUID("pipeline_stage_id")) || locked.getInteger("version") != current.version()) {
                throw new Raced();
              }
              return conn.preparedQuery(OpportunitySql.COUNT_IN_STAGE).execute(Tuple.of(orgId, to));
            })
            .compose(counted -> {
              int inTarget = counted.iterator().next().getLong("n").intValue();
              UUID pipelineId = pipelineOf(stages, to);
              return from.equals(to)
                  ? reposition(conn, orgId, current, Math.min(requested.orElse(inTarget - 1), inTarget - 1))
                      .compose(position -> place(conn, orgId, edited, pipelineId, to, position))
                  : moveAcross(conn, orgId, current, to, Math.min(requested.orElse(inTarget), inTarget))
                      .compose(position -> place(conn, orgId, edited, pipelineId, to, position))
                      .compose(ignored -> conn.preparedQuery(OpportunitySql.RECORD_TRANSITION)
                          .execute(Tuple.of(orgId, current.id(), from, to, userId)).mapEmpty());
            }))
        .map(current.id());
  }

  private static Future<Integer> reposition(SqlConnection conn, UUID orgId, Deal current, int position) {
    if (position == current.position()) {
      return Future.succeededFuture(position);
    }
    return conn.preparedQuery(OpportunitySql.SHIFT_WITHIN)
        .execute(Tuple.of(orgId, current.stageId(), current.position(), position, current.id()))
        .map(position);
  }

  private static Future<Integer> moveAcross(SqlConnection conn, UUID orgId, Deal current, UUID to, int position) {
    return conn.preparedQuery(OpportunitySql.CLOSE_GAP).execute(Tuple.of(orgId, current.stageId(), current.position()))
        .compose(ignored -> conn.preparedQuery(OpportunitySql.OPEN_GAP).execute(Tuple.of(orgId, to, position)))
        .map(position);
  }

  private static Future<Void> place(SqlConnection conn, UUID orgId, Deal edited, UUID pipelineId, UUID stageId, int position) {
    return conn.preparedQuery(OpportunitySql.PLACE).execute(Tuple.from(new Object[] {orgId, edited.id(), pipelineId, stageId,
        position, edited.name(), edited.amount(), edited.currency(), edited.expectedCloseDate(), edited.ownerUserId(),
        edited.description()})).mapEmpty();
  }

  /** Locks one or two stages in ascending id order; a stage that vanished meanwhile is a 422. */
  static Future<io.vertx.sqlclient.RowSet<Row>> lockStages(SqlConnection conn, UUID orgId, UUID a, UUID b) {
    UUID[] ids = a.equals(b) ? new UUID[] {a} : new UUID[] {a, b};
    return conn.preparedQuery(OpportunitySql.LOCK_STAGES).execute(Tuple.of(orgId).addValue(ids)).map(rows -> {
      if (rows.size() != ids.length) {
        throw OpportunityRepository.unknownStage();
      }
      return rows;
    });
  }

  private static UUID pipelineOf(io.vertx.sqlclient.RowSet<Row> stages, UUID stageId) {
    for (Row row : stages) {
      if (row.getUUID("id").equals(stageId)) {
        return row.getUUID("pipeline_id");
      }
    }
    throw OpportunityRepository.unknownStage();
  }

  static <T> Future<T> attempt(int left, java.util.function.Supplier<Future<T>> work) {
    return work.get().recover(e -> {
      if (e instanceof Raced && left > 1) {
        return attempt(left - 1, work);
      }
      if (e instanceof Raced) {
        return Future.failedFuture(ApiError.conflict("concurrent_update", "The opportunity kept changing; try again."));
      }
      return Future.failedFuture(e);
    });
  }

  static ApiError preconditionFailed() {
    return new ApiError(412, "precondition_failed", "The opportunity has changed since you read it (If-Match does not match its version).", null);
  }
}
