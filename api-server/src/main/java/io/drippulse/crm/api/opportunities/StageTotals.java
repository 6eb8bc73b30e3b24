package io.drippulse.crm.api.opportunities;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The per-stage totals (count and amount per currency) every write keeps in its own transaction, while it
 * holds the stage lock, so a summary reads them instead of the cards. Deltas of one write are merged per
 * (stage, currency) and written in that order in one statement: two field edits of the same stage (which
 * share its lock) then update its total rows in the same order, and never deadlock.
 */
final class StageTotals {


  private record Key(UUID stageId, String currency) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int byStage = stageId.compareTo(o.stageId);
      return byStage != 0 ? byStage : currency.compareTo(o.currency);
    }
  }

  private final Map<Key, long[]> counts = new TreeMap<>();
  private final Map<Key, BigDecimal> amounts = new TreeMap<>();

  private StageTotals() {
  }

  static StageTotals change() {
    return new StageTotals();
  }

  StageTotals add(UUID stageId, Deal card) {
    return put(stageId, card, 1);
  }

  StageTotals remove(UUID stageId, Deal card) {
    return put(stageId, card, -1);
  }

  private StageTotals put(UUID stageId, Deal card, int sign) {
    Key key = new Key(stageId, card.currency());
    long[] n = counts.computeIfAbsent(key, k -> new long[2]);
    n[0] += sign;
    if (card.amount() != null) {
      n[1] += sign;
      amounts.merge(key, sign > 0 ? card.amount() : card.amount().negate(), BigDecimal::add);
    }
    return this;
  }

  /** Writes the merged deltas; a change that cancels out (an edit that kept amount and currency) writes nothing. */
  Future<Void> write(SqlConnection conn, UUID orgId) {
    List<UUID> stages = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    List<Long> cards = new ArrayList<>();
    List<Long> withAmount = new ArrayList<>();
    List<String> sums = new ArrayList<>();
    counts.forEach((key, n) -> {
      BigDecimal sum = amounts.getOrDefault(key, BigDecimal.ZERO);
      if (n[0] != 0 || n[1] != 0 || sum.signum() != 0) {
        stages.add(key.stageId());
        currencies.add(key.currency());
        cards.add(n[0]);
        withAmount.add(n[1]);
        sums.add(sum.toPlainString());
      }
    });
    if (stages.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(OpportunitySql.TOTALS_ADD).execute(Tuple.of(orgId, stages.toArray(UUID[]::new), currencies.toArray(String[]::new),
        cards.toArray(Long[]::new), withAmount.toArray(Long[]::new), sums.toArray(String[]::new))).mapEmpty();
  }
}
