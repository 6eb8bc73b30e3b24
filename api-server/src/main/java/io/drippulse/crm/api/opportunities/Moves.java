package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Edits that may change positions: PATCH (fields, moves, repositioning) and DELETE. Each reads the card
 * without locks, then locks the stage rows involved (ascending id) and the card, and checks that nobody
 * moved or changed it in between; if somebody did, it starts over from a fresh read, where the
 * client's preconditions (If-Match, version) are checked again.
 */
final class Moves {

  private static final int ATTEMPTS = 8;

  private final Pool pool;

  Moves(Pool pool) {
    this.pool = pool;
  }

  /** A retry signal: the card changed between our read and our write. */
  private static final class Raced extends RuntimeException {
    Raced() {
      super(null, null, false, false);
    }
  }

  /** Where a moving card goes: the stage, and the index asked for (empty = append). */
  private record Target(UUID stageId, Optional<Integer> position) {
  }

  Future<JsonObject> update(UUID orgId, String userId, String idOrPublicId, JsonObject body, Optional<IfMatch> ifMatch) {
    Optional<Integer> expectedVersion = OpportunityInput.expectedVersion(body);
    OpportunityInput.Placement placement = OpportunityInput.placement(body);
    return attempt(ATTEMPTS, () -> OpportunityRepository.find(pool, orgId, idOrPublicId).compose(row -> {
      Deal current = Deal.from(row);
      checkPreconditions(current, ifMatch, expectedVersion);
      Deal edited = current.withFields(OpportunityInput.fields(body, current));
      boolean strict = ifMatch.isPresent() || expectedVersion.isPresent();
      return target(orgId, current, placement).compose(target -> {
        if (target.isEmpty() && edited.sameContentAs(current)) {
          return Future.succeededFuture(row); // nothing changes, so neither does the version
        }
        return pool.withTransaction(conn -> write(conn, orgId, userId, current, edited, target, strict)
            // read inside the transaction: the answer shows this edit, not whatever came after it
            .compose(id -> OpportunityRepository.find(conn, orgId, id.toString()))
            .compose(written -> recordEdit(conn, orgId, current, target, written)));
      });
    })).map(OpportunityJson::of);
  }

  private static Future<UUID> write(SqlConnection conn, UUID orgId, String userId, Deal current, Deal edited,
                                    Optional<Target> target, boolean strict) {
    return target.isEmpty()
        ? editInPlace(conn, orgId, current, edited, strict)
        : move(conn, orgId, userId, current, edited, target.get(), strict);
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
          .compose(ignored -> BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_DELETED, OpportunityJson.of(row))));
    })).mapEmpty();
  }

  /** The live board's event for an edit: a move when the card changed place, else an update. */
  private static Future<Row> recordEdit(SqlConnection conn, UUID orgId, Deal current, Optional<Target> target, Row written) {
    JsonObject card = OpportunityJson.of(written);
    return (target.isEmpty() ? BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_UPDATED, card)
        : BoardEvents.moved(conn, orgId, card, current.stageId())).map(written);
  }

  private static void checkPreconditions(Deal current, Optional<IfMatch> ifMatch, Optional<Integer> expectedVersion) {
    if (ifMatch.isPresent() && !ifMatch.get().matches(current.version())) {
      throw new ApiError(412, "precondition_failed",
          "The opportunity has changed since you read it (If-Match does not match its version).", null);
    }
    if (expectedVersion.isPresent() && expectedVersion.get() != current.version()) {
      throw ApiError.conflict("version_conflict",
          "The opportunity is at version " + current.version() + ", not " + expectedVersion.get() + "; reload it.");
    }
  }

  /** Where the card should go, or empty when this edit leaves its place alone. */
  private Future<Optional<Target>> target(UUID orgId, Deal current, OpportunityInput.Placement placement) {
    Future<UUID> stage;
    if (placement.stageId().isPresent()) {
      stage = OpportunityRepository.stageInOrg(pool, orgId, placement.stageId().get(), placement.pipelineId());
    } else if (placement.pipelineId().isPresent()
        && !OpportunityInput.uuid(placement.pipelineId()).map(current.pipelineId()::equals).orElse(false)) {
      stage = OpportunityRepository.firstStage(pool, orgId, placement.pipelineId().get());
    } else {
      stage = Future.succeededFuture(current.stageId());
    }
    return stage.map(stageId -> stageId.equals(current.stageId()) && placement.position().isEmpty()
        ? Optional.empty()
        : Optional.of(new Target(stageId, placement.position())));
  }

  private static Future<UUID> editInPlace(SqlConnection conn, UUID orgId, Deal current, Deal edited, boolean strict) {
    return conn.preparedQuery(OpportunitySql.SHARE_STAGE).execute(Tuple.of(orgId, current.stageId()))
        .compose(stage -> stage.size() == 0 ? Future.failedFuture(new Raced()) : lockUnchanged(conn, orgId, current, strict))
        .compose(locked -> conn.preparedQuery(OpportunitySql.UPDATE_FIELDS).execute(Tuple.from(new Object[] {orgId,
            edited.id(), edited.name(), edited.amount(), edited.currency(), edited.expectedCloseDate(),
            edited.ownerUserId(), edited.description()})))
        .map(edited.id());
  }

  private static Future<UUID> move(SqlConnection conn, UUID orgId, String userId, Deal current, Deal edited, Target target,
                                   boolean strict) {
    UUID from = current.stageId();
    UUID to = target.stageId();
    return lockStages(conn, orgId, from, to)
        .compose(stages -> lockUnchanged(conn, orgId, current, strict)
            .compose(locked -> conn.preparedQuery(OpportunitySql.COUNT_IN_STAGE).execute(Tuple.of(orgId, to))
                .compose(counted -> {
                  int inTarget = counted.iterator().next().getLong("n").intValue();
                  UUID pipelineId = pipelineOf(stages, to);
                  if (from.equals(to)) {
                    int position = Math.min(target.position().orElse(inTarget - 1), inTarget - 1);
                    return reposition(conn, orgId, locked, position)
                        .compose(ignored -> place(conn, orgId, edited, pipelineId, to, position));
                  }
                  int position = Math.min(target.position().orElse(inTarget), inTarget);
                  return moveAcross(conn, orgId, locked, to, position)
                      .compose(ignored -> place(conn, orgId, edited, pipelineId, to, position))
                      .compose(ignored -> conn.preparedQuery(OpportunitySql.RECORD_TRANSITION)
                          .execute(Tuple.of(orgId, current.id(), from, to, userId)).mapEmpty());
                })))
        .map(current.id());
  }

  /**
   * Locks the card and checks it is still in the stage and holds the content we merged the edit into;
   * otherwise the edit starts over. Its position and version may have moved on because a neighbour
   * moved (position arithmetic then uses the locked row), unless the client made the version a
   * precondition, in which case any change counts.
   */
  private static Future<Deal> lockUnchanged(SqlConnection conn, UUID orgId, Deal current, boolean strict) {
    return conn.preparedQuery(OpportunitySql.LOCK_OPPORTUNITY).execute(Tuple.of(orgId, current.id())).map(rows -> {
      if (rows.size() == 0) {
        throw new Raced();
      }
      Deal locked = Deal.from(rows.iterator().next());
      if (!current.stageId().equals(locked.stageId()) || !current.sameContentAs(locked)
          || (strict && locked.version() != current.version())) {
        throw new Raced();
      }
      return locked;
    });
  }

  private static Future<Void> reposition(SqlConnection conn, UUID orgId, Deal current, int position) {
    if (position == current.position()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(OpportunitySql.SHIFT_WITHIN)
        .execute(Tuple.of(orgId, current.stageId(), current.position(), position, current.id())).mapEmpty();
  }

  private static Future<Void> moveAcross(SqlConnection conn, UUID orgId, Deal current, UUID to, int position) {
    return conn.preparedQuery(OpportunitySql.CLOSE_GAP).execute(Tuple.of(orgId, current.stageId(), current.position()))
        .compose(ignored -> conn.preparedQuery(OpportunitySql.OPEN_GAP).execute(Tuple.of(orgId, to, position)))
        .mapEmpty();
  }

  private static Future<Void> place(SqlConnection conn, UUID orgId, Deal edited, UUID pipelineId, UUID stageId, int position) {
    return conn.preparedQuery(OpportunitySql.PLACE).execute(Tuple.from(new Object[] {orgId, edited.id(), pipelineId, stageId,
        position, edited.name(), edited.amount(), edited.currency(), edited.expectedCloseDate(), edited.ownerUserId(),
        edited.description()})).mapEmpty();
  }

  /** Locks one or two stages in ascending id order; a stage that vanished meanwhile is a 422. */
  static Future<RowSet<Row>> lockStages(SqlConnection conn, UUID orgId, UUID a, UUID b) {
    UUID[] ids = a.equals(b) ? new UUID[] {a} : new UUID[] {a, b};
    return conn.preparedQuery(OpportunitySql.LOCK_STAGES).execute(Tuple.of(orgId).addValue(ids)).map(rows -> {
      if (rows.size() != ids.length) {
        throw OpportunityRepository.unknownStage();
      }
      return rows;
    });
  }

  private static UUID pipelineOf(RowSet<Row> stages, UUID stageId) {
    for (Row row : stages) {
      if (row.getUUID("id").equals(stageId)) {
        return row.getUUID("pipeline_id");
      }
    }
    throw OpportunityRepository.unknownStage();
  }

  private static <T> Future<T> attempt(int left, Supplier<Future<T>> work) {
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
}
