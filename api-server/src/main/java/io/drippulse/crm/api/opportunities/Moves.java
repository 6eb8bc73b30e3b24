package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * PATCH (field edits, moves, repositioning) and DELETE. Each reads the card without locks, then, in its
 * transaction, locks the stages involved ({@link StageLocks}) and the card, and checks that nobody moved or
 * changed it in between; if somebody did, it starts over from a fresh read, where the client's
 * preconditions (If-Match, version) are checked again. A write changes the card's row, its stage totals
 * and, for a move, one history row: never the cards around it (except a rare respread, see {@link Ranks}).
 */
final class Moves {

  private static final int ATTEMPTS = 8;

  private final Pool pool;
  private final Lookups lookups;

  Moves(Pool pool, Lookups lookups) {
    this.pool = pool;
    this.lookups = lookups;
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

  Future<JsonObject> update(UUID orgId, String userId, String idOrPublicId, OpportunityInput.Patch patch) {
    return attempt(ATTEMPTS, () -> lookups.card(pool, orgId, idOrPublicId).compose(row -> {
      Deal current = Deal.from(row);
      checkPreconditions(current, patch);
      Deal edited = current.withFields(OpportunityInput.fields(patch.body(), current));
      return target(orgId, current, patch.placement()).compose(target -> {
        if (changesNothing(row, current, edited, target)) {
          return Future.succeededFuture(OpportunityJson.of(row)); // nothing changes, so neither does the version
        }
        boolean strict = patch.ifMatch().isPresent() || patch.expectedVersion().isPresent();
        return pool.withTransaction(conn -> target.isEmpty()
            ? editInPlace(conn, orgId, current, edited, strict)
            : move(conn, orgId, userId, current, edited, target.get(), strict));
      });
    }));
  }

  Future<Void> delete(UUID orgId, String idOrPublicId) {
    return attempt(ATTEMPTS, () -> lookups.card(pool, orgId, idOrPublicId)
        .compose(row -> pool.withTransaction(conn -> delete(conn, orgId, Deal.from(row))
            .compose(deleted -> BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_DELETED, OpportunityJson.of(row))))));
  }

  /** The card's fields, in place: its stage in share mode, so positions and other edits of the stage go on. */
  private Future<JsonObject> editInPlace(SqlConnection conn, UUID orgId, Deal current, Deal edited, boolean strict) {
    return StageLocks.shared(conn, orgId, current.stageId())
        .compose(held -> held ? lockUnchanged(conn, orgId, current, strict) : Future.failedFuture(new Raced()))
        .compose(locked -> conn.preparedQuery(OpportunitySql.UPDATE_FIELDS).execute(Tuple.from(new Object[] {orgId,
                edited.id(), edited.name(), edited.amount(), edited.currency(), edited.expectedCloseDate(),
                edited.ownerUserId(), edited.description()}))
            .compose(updated -> StageTotals.change().remove(locked.stageId(), locked).add(locked.stageId(), edited)
                .write(conn, orgId)))
        .compose(written -> lookups.card(conn, orgId, current.id()))
        .map(OpportunityJson::of)
        .compose(card -> BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_UPDATED, card).map(card));
  }

  /** Moves the card to the target stage and index: one row written, plus the totals and (across stages) history. */
  private Future<JsonObject> move(SqlConnection conn, UUID orgId, String userId, Deal current, Deal edited,
                                  Target target, boolean strict) {
    UUID from = current.stageId();
    UUID to = target.stageId();
    return StageLocks.exclusive(conn, orgId, from, to)
        .compose(stages -> lockUnchanged(conn, orgId, current, strict)
            .compose(locked -> rankIn(conn, orgId, target, current.id())
                .compose(rank -> conn.preparedQuery(OpportunitySql.PLACE).execute(Tuple.from(new Object[] {orgId,
                    current.id(), stages.get(to).pipelineId(), to, rank, edited.name(), edited.amount(), edited.currency(),
                    edited.expectedCloseDate(), edited.ownerUserId(), edited.description()})))
                .compose(placed -> StageTotals.change().remove(from, locked).add(to, edited).write(conn, orgId))))
        .compose(totalled -> from.equals(to) ? Future.<Void>succeededFuture()
            : conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, current.id(), from, to, userId))
                .<Void>mapEmpty())
        .compose(recorded -> lookups.card(conn, orgId, current.id()))
        .map(OpportunityJson::of)
        .compose(card -> BoardEvents.moved(conn, orgId, card, from, current.pipelineId()).map(card));
  }

  /** Deletes the card; the cards after it keep their ranks and simply count one fewer before them. */
  private Future<Void> delete(SqlConnection conn, UUID orgId, Deal current) {
    return StageLocks.exclusive(conn, orgId, current.stageId())
        .compose(stage -> lockUnchanged(conn, orgId, current, false))
        .compose(locked -> conn.preparedQuery(OpportunitySql.DELETE).execute(Tuple.of(orgId, current.id(), current.stageId()))
            .compose(deleted -> StageTotals.change().remove(locked.stageId(), locked).write(conn, orgId)));
  }

  private static Future<Long> rankIn(SqlConnection conn, UUID orgId, Target target, UUID moving) {
    return target.position().isPresent()
        ? Ranks.at(conn, orgId, target.stageId(), moving, target.position().get())
        : Ranks.end(conn, orgId, target.stageId(), moving);
  }

  private static void checkPreconditions(Deal current, OpportunityInput.Patch patch) {
    if (patch.ifMatch().isPresent() && !patch.ifMatch().get().matches(current.version())) {
      throw new ApiError(412, "precondition_failed",
          "The opportunity has changed since you read it (If-Match does not match its version).", null);
    }
    Optional<Integer> expected = patch.expectedVersion();
    if (expected.isPresent() && expected.get() != current.version()) {
      throw ApiError.conflict("version_conflict",
          "The opportunity is at version " + current.version() + ", not " + expected.get() + "; reload it.");
    }
  }

  /**
   * True when the PATCH asks for what the card already is: same fields, and no move, or a "move" to the
   * stage and position it holds (a client sending the card's own JSON back). Such a PATCH writes nothing.
   */
  private static boolean changesNothing(Row row, Deal current, Deal edited, Optional<Target> target) {
    if (!edited.sameContentAs(current)) {
      return false;
    }
    return target.isEmpty() || (target.get().stageId().equals(current.stageId())
        && target.get().position().map(p -> p == row.getInteger("stage_position").intValue()).orElse(false));
  }

  /** Where the card should go, or empty when this edit leaves its place alone. */
  private Future<Optional<Target>> target(UUID orgId, Deal current, OpportunityInput.Placement placement) {
    Future<UUID> stage;
    if (placement.stageId().isPresent()) {
      stage = lookups.stage(pool, orgId, placement.stageId().get(), placement.pipelineId());
    } else if (placement.pipelineId().isPresent() && !placement.pipelineId().get().equals(current.pipelineId())) {
      stage = lookups.firstStage(pool, orgId, placement.pipelineId().get());
    } else {
      stage = Future.succeededFuture(current.stageId());
    }
    return stage.map(stageId -> stageId.equals(current.stageId()) && placement.position().isEmpty()
        ? Optional.empty()
        : Optional.of(new Target(stageId, placement.position())));
  }

  /**
   * Locks the card and checks it is still in the stage and holds the content we merged the edit into;
   * otherwise the edit starts over. Its rank and version may have moved on (a respread, or a reorder), unless
   * the client made the version a precondition, in which case any change counts.
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
