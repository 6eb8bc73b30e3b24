package io.drippulse.crm.api.opportunities;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where a card goes in a stage, as a rank: gapped bigints, {@link #GAP} apart when appended, so a card placed
 * between two others takes the midpoint of their ranks and nothing else is written. When two neighbours
 * have no rank left between them, a window of cards around the spot is respread evenly: the window
 * doubles from {@link #FIRST_WINDOW} cards until its ranks leave at least {@link #MIN_STEP} between any two
 * (the stage's ends always have room), so a respread writes a few dozen rows, and repeated inserts at the
 * same spot respread ever larger but ever rarer windows (amortised O(log² n) rows per insert). Respreads
 * keep the order, so they bump no version. Every method runs under the stage's exclusive lock.
 */
final class Ranks {

  static final long GAP = io.drippulse.crm.model.Ranks.GAP;
  private static final long MIN_STEP = 1L << 10;
  private static final int FIRST_WINDOW = 16;

  private Ranks() {
  }

  /** The rank of the stage's end, for an appended card ({@code moving} is left out of the stage). */
  static Future<Long> end(SqlConnection conn, UUID orgId, UUID stageId, UUID moving) {
    return at(conn, orgId, stageId, moving, null);
  }

  /**
   * The rank that puts a card at {@code index} of the stage as it is without {@code moving} (null, or past
   * the end, appends), respreading the spot first if it has no room. The choice itself is the database's
   * {@code crm_rank_at} (migration V12), which the one-statement writes ({@link OpportunitySql#PLACE_RANKED})
   * call too; only the respread is here.
   */
  static Future<Long> at(SqlConnection conn, UUID orgId, UUID stageId, UUID moving, Integer index) {
    return conn.preparedQuery(OpportunitySql.RANK_AT).execute(Tuple.of(orgId, stageId, moving, index)).compose(rows -> {
      Long rank = rows.iterator().next().getLong("rank");
      return rank != null ? Future.succeededFuture(rank) : respread(conn, orgId, stageId, moving, index, FIRST_WINDOW);
    });
  }

  /**
   * Reads the cards around {@code index} (w on each side, plus the card just outside each end of the
   * window) and, if their ranks leave room, spreads them evenly with a free slot at {@code index}; else tries
   * again with a window twice as wide.
   */
  private static Future<Long> respread(SqlConnection conn, UUID orgId, UUID stageId, UUID moving, int index, int w) {
    int from = Math.max(0, index - w - 1);
    int wanted = index + w + 1 - from;
    return conn.preparedQuery(OpportunitySql.RANK_NEIGHBOURS).execute(Tuple.of(orgId, stageId, moving, from, wanted + 1)).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      List<Long> ranks = new ArrayList<>();
      for (Row row : rows) {
        ids.add(row.getUUID("id"));
        ranks.add(row.getLong("rank"));
      }
      boolean atStart = from == 0;
      boolean atEnd = ids.size() <= wanted;
      // the window is everything read, less the bounding card on each side that is not a stage end
      int first = atStart ? 0 : 1;
      int last = atEnd ? ids.size() : ids.size() - 1;
      int cards = last - first;
      long lo = atStart ? ranks.get(0) - GAP * (cards + 1L) : ranks.get(0);
      long hi = atEnd ? ranks.get(ids.size() - 1) + GAP * (cards + 1L) : ranks.get(ids.size() - 1);
      long step = (hi - lo) / (cards + 2);
      if (step < MIN_STEP) {
        return respread(conn, orgId, stageId, moving, index, w * 2);
      }
      int slot = index - from - first; // the free slot's place among the window's cards
      UUID[] windowIds = ids.subList(first, last).toArray(UUID[]::new);
      Long[] spread = new Long[cards];
      for (int i = 0; i < cards; i++) {
        spread[i] = lo + step * (i < slot ? i + 1 : i + 2);
      }
      long free = lo + step * (slot + 1);
      return conn.preparedQuery(OpportunitySql.RANK_RESPREAD).execute(Tuple.of(orgId, stageId, windowIds, spread)).map(free);
    });
  }
}
