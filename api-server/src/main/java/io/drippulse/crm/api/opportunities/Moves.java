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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * PATCH (field edits, moves, repositioning) and DELETE. Each reads the card without locks, then, in its
 * transaction, locks the stages involved ({@link StageLocks}) and the card, and checks that nobody moved or
 * changed it in between; if somebody did, it starts over from a fresh read, where the client's
 * preconditions (If-Match, version) are checked again. A write changes the card's row, its stage totals
 * and, for a move, one history row: never the cards around it (except a rare respread, see {@link Ranks}).
 * Every check is made on what the transaction's first group returns, before its COMMIT is sent
 * ({@link SentTogether}), so a transaction that finds the card changed commits nothing.
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

  /** The spot a move asked for has no rank left: the move takes the way that respreads. */
  private static final class NoRoom extends RuntimeException {
    NoRoom() {
      super(null, null, false, false);
    }
  }

  /** Where a moving card goes: the stage, and the index asked for (empty = append). */
  private record Target(UUID stageId, Optional<Integer> position) {
  }

  Future<JsonObject> update(UUID orgId, String userId, String idOrPublicId, OpportunityInput.Patch patch) {
    return attempt(ATTEMPTS, () -> lookups.unplacedCard(pool, orgId, idOrPublicId).compose(row -> {
      Deal current = Deal.from(row);
      checkPreconditions(current, patch);
      Deal edited = current.withFields(OpportunityInput.fields(patch.body(), current));
      return target(orgId, current, patch.placement()).compose(target -> unchanged(orgId, current, edited, target)
          .compose(same -> {
            if (same.isPresent()) {
              return Future.succeededFuture(same.get()); // nothing changes, so neither does the version
            }
            boolean strict = patch.ifMatch().isPresent() || patch.expectedVersion().isPresent();
            return target.isEmpty()
                ? editInPlace(orgId, current, edited, strict)
                : moveAtOnce(orgId, userId, current, edited, target.get(), strict).recover(e -> e instanceof NoRoom
                    ? pool.withTransaction(conn -> move(conn, orgId, userId, current, edited, target.get(), strict))
                    : Future.failedFuture(e));
          }));
    }));
  }

  Future<Void> delete(UUID orgId, String idOrPublicId) {
    return attempt(ATTEMPTS, () -> lookups.card(pool, orgId, idOrPublicId)
        .compose(row -> delete(orgId, Deal.from(row), OpportunityJson.of(row))));
  }

  /**
   * The card's fields, in place: its stage in share mode, so positions and other edits of the stage go on.
   * BEGIN, the locks, the update, the totals and the read-back go in one group, the event with COMMIT
   * ({@link SentTogether}); if the locked card is not the one the edit was merged into, nothing commits and
   * the edit starts over.
   */
  private Future<JsonObject> editInPlace(UUID orgId, Deal current, Deal edited, boolean strict) {
    return SentTogether.transaction(pool, tx -> {
      SqlConnection conn = tx.connection();
      Future<Boolean> held = StageLocks.shared(conn, orgId, current.stageId());
      Future<Deal> locked = lockUnchanged(conn, orgId, current, strict);
      Future<?> updated = conn.preparedQuery(OpportunitySql.UPDATE_FIELDS).execute(Tuple.from(new Object[] {orgId,
          edited.id(), edited.name(), edited.amount(), edited.currency(), edited.expectedCloseDate(),
          edited.ownerUserId(), edited.description()}));
      Future<Void> totalled = StageTotals.change().remove(current.stageId(), current).add(current.stageId(), edited)
          .write(conn, orgId);
      Future<Row> card = lookups.card(conn, orgId, current.id());
      return InOrder.all(held, locked, updated, totalled, card).compose(ready -> {
        if (!held.result()) {
          return Future.failedFuture(new Raced());
        }
        JsonObject json = OpportunityJson.of(card.result());
        return tx.commit(BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_UPDATED, json)).map(json);
      });
    });
  }

  /**
   * Moves the card to the target stage and index: one row written, plus the totals and (across stages)
   * history, all sent with BEGIN in one group, then the event with COMMIT ({@link SentTogether}): the stage
   * locks are held for one round trip. The totals are the pre-read card's, which is what the locked card
   * holds unless it changed, and then nothing commits: the move starts over from a fresh read. A spot with
   * no rank left ({@link NoRoom}) rolls back and takes {@link #move}, which respreads it.
   */
  private Future<JsonObject> moveAtOnce(UUID orgId, String userId, Deal current, Deal edited, Target target,
                                        boolean strict) {
    UUID from = current.stageId();
    UUID to = target.stageId();
    return SentTogether.transaction(pool, tx -> {
      SqlConnection conn = tx.connection();
      Future<Map<UUID, StageLocks.Locked>> stages = StageLocks.exclusive(conn, orgId, from, to);
      Future<Deal> locked = lockUnchanged(conn, orgId, current, strict);
      Future<Boolean> placed = conn.preparedQuery(OpportunitySql.PLACE_RANKED).execute(Tuple.from(new Object[] {orgId,
          current.id(), to, target.position().orElse(null), edited.name(), edited.amount(), edited.currency(),
          edited.expectedCloseDate(), edited.ownerUserId(), edited.description()})).map(rows -> rows.rowCount() == 1);
      Future<Void> totalled = StageTotals.change().remove(from, current).add(to, edited).write(conn, orgId);
      Future<?> recorded = from.equals(to) ? Future.succeededFuture()
          : conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, current.id(), from, to, userId));
      Future<Row> card = lookups.card(conn, orgId, current.id());
      return InOrder.all(stages, locked, placed, totalled, recorded, card).compose(ready -> {
        if (!placed.result()) {
          return Future.failedFuture(new NoRoom());
        }
        JsonObject moved = OpportunityJson.of(card.result());
        return tx.commit(BoardEvents.moved(conn, orgId, moved, from, current.pipelineId())).map(moved);
      });
    });
  }

  /**
   * The way of a move whose spot needs a respread ({@link Ranks}): the respread's reads and writes come
   * between the locks and the card's new place, so it is sent in three groups ({@link InOrder}): the locks,
   * the card and its rank (with the respread); the card's new place, the totals, the history row and the
   * read-back; the event.
   */
  private Future<JsonObject> move(SqlConnection conn, UUID orgId, String userId, Deal current, Deal edited,
                                  Target target, boolean strict) {
    UUID from = current.stageId();
    UUID to = target.stageId();
    Future<Map<UUID, StageLocks.Locked>> stages = StageLocks.exclusive(conn, orgId, from, to);
    Future<Deal> locked = lockUnchanged(conn, orgId, current, strict);
    Future<Long> rank = rankIn(conn, orgId, target, current.id());
    return InOrder.all(stages, locked, rank).compose(ready -> {
      Future<?> placed = conn.preparedQuery(OpportunitySql.PLACE).execute(Tuple.from(new Object[] {orgId,
          current.id(), stages.result().get(to).pipelineId(), to, rank.result(), edited.name(), edited.amount(),
          edited.currency(), edited.expectedCloseDate(), edited.ownerUserId(), edited.description()}));
      Future<Void> totalled = StageTotals.change().remove(from, locked.result()).add(to, edited).write(conn, orgId);
      Future<?> recorded = from.equals(to) ? Future.succeededFuture()
          : conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, current.id(), from, to, userId));
      Future<Row> card = lookups.card(conn, orgId, current.id());
      return InOrder.all(placed, totalled, recorded, card).map(written -> OpportunityJson.of(card.result()));
    }).compose(card -> BoardEvents.moved(conn, orgId, card, from, current.pipelineId()).map(card));
  }

  /**
   * Deletes the card; the cards after it keep their ranks and simply count one fewer before them. BEGIN, the
   * stage lock and the card's, the delete and the totals in one group, the event with COMMIT.
   */
  private Future<Void> delete(UUID orgId, Deal current, JsonObject card) {
    return SentTogether.transaction(pool, tx -> {
      SqlConnection conn = tx.connection();
      Future<StageLocks.Locked> stage = StageLocks.exclusive(conn, orgId, current.stageId());
      Future<Deal> locked = lockUnchanged(conn, orgId, current, false);
      Future<?> deleted = conn.preparedQuery(OpportunitySql.DELETE).execute(Tuple.of(orgId, current.id(), current.stageId()));
      Future<Void> totalled = StageTotals.change().remove(current.stageId(), current).write(conn, orgId);
      return InOrder.all(stage, locked, deleted, totalled)
          .compose(ready -> tx.commit(BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_DELETED, card)));
    });
  }

  private static Future<Long> rankIn(SqlConnection conn, UUID orgId, Target target, UUID moving) {
    return Ranks.at(conn, orgId, target.stageId(), moving, target.position().orElse(null));
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
   * The card as it is when the PATCH asks for what it already is: same fields, and no move, or a "move" to
   * the stage and position it holds (a client sending the card's own JSON back). Such a PATCH writes
   * nothing. Only then is the card read again, with whether it sits at the index asked for (a walk from the
   * nearer end of the stage to that index, {@link OpportunitySql#BY_ID_AT_INDEX}).
   */
  private Future<Optional<JsonObject>> unchanged(UUID orgId, Deal current, Deal edited, Optional<Target> target) {
    if (!edited.sameContentAs(current)) {
      return Future.succeededFuture(Optional.empty());
    }
    if (target.isEmpty()) {
      return lookups.card(pool, orgId, current.id()).map(row -> Deal.from(row).equals(current)
          ? Optional.of(OpportunityJson.of(row)) : Optional.empty());
    }
    if (!target.get().stageId().equals(current.stageId()) || target.get().position().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    int index = target.get().position().get();
    return pool.preparedQuery(OpportunitySql.BY_ID_AT_INDEX).execute(Tuple.of(orgId, current.id(), (long) index)).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      return row != null && row.getBoolean("at_index") && Deal.from(row).equals(current)
          ? Optional.of(OpportunityJson.of(row, index)) : Optional.empty();
    });
  }

  /** Where the card should go, or empty when this edit leaves its place alone. */
  private Future<Optional<Target>> target(UUID orgId, Deal current, OpportunityInput.Placement placement) {
    Future<UUID> stage;
    if (placement.stageId().isPresent() && placement.pipelineId().isEmpty()) {
      // no lookup: the move's stage lock finds the stage in this org or answers 422 unknown_stage, as a lookup would
      stage = Future.succeededFuture(placement.stageId().get());
    } else if (placement.stageId().isPresent()) {
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
