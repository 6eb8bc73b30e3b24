package io.drippulse.crm.worker.imports;

import io.drippulse.crm.worker.imports.ImportRepository.NewOpportunity;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** What a batch of new opportunities adds to stage_totals: per (stage, currency), in that order. */
final class StageTotalsDelta {

  private record Key(UUID stage, String currency) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int byStage = stage.compareTo(o.stage);
      return byStage != 0 ? byStage : currency.compareTo(o.currency);
    }
  }

  private static final class Sum {
    long cards;
    long withAmount;
    BigDecimal amount = BigDecimal.ZERO;
  }

  private final Map<Key, Sum> sums = new TreeMap<>();

  private StageTotalsDelta() {
  }

  static StageTotalsDelta of(List<NewOpportunity> rows) {
    StageTotalsDelta delta = new StageTotalsDelta();
    for (NewOpportunity o : rows) {
      Sum sum = delta.sums.computeIfAbsent(new Key(o.stageId(), o.row().currency()), k -> new Sum());
      sum.cards++;
      if (o.row().amount() != null) {
        sum.withAmount++;
        sum.amount = sum.amount.add(new BigDecimal(o.row().amount()));
      }
    }
    return delta;
  }

  void write(Connection c, UUID org) throws SQLException {
    if (sums.isEmpty()) {
      return;
    }
    int n = sums.size();
    Object[] stages = new Object[n];
    String[] currencies = new String[n];
    Long[] cards = new Long[n];
    Long[] withAmount = new Long[n];
    String[] amounts = new String[n];
    int i = 0;
    for (Map.Entry<Key, Sum> e : sums.entrySet()) {
      stages[i] = e.getKey().stage();
      currencies[i] = e.getKey().currency();
      cards[i] = e.getValue().cards;
      withAmount[i] = e.getValue().withAmount;
      amounts[i] = e.getValue().amount.toPlainString();
      i++;
    }
    try (PreparedStatement st = c.prepareStatement(ImportRepository.ADD_TOTALS)) {
      st.setObject(1, org);
      st.setArray(2, c.createArrayOf("uuid", stages));
      st.setArray(3, c.createArrayOf("text", currencies));
      st.setArray(4, c.createArrayOf("int8", cards));
      st.setArray(5, c.createArrayOf("int8", withAmount));
      st.setArray(6, c.createArrayOf("text", amounts));
      st.executeUpdate();
    }
  }
}
