package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Read models computed by the database: per-stage totals for column headers, and a card's stage history. */
final class BoardQueries {

  /** Shortest q the trigram indexes can narrow down (as for list pages). */
  private static final int SEARCH_BY_TRIGRAMS = 3;

  private final Pool pool;
  private final Lookups lookups;

  BoardQueries(Pool pool, Lookups lookups) {
    this.pool = pool;
    this.lookups = lookups;
  }

  /**
   * Counts, amounts per currency and probability-weighted amounts per stage. Without q these are the
   * maintained stage totals (a row per stage and currency); with q, the matching cards of this pipeline.
   */
  Future<JsonObject> summary(UUID orgId, UUID pipelineId, Optional<String> q) {
    Future<RowSet<Row>> read = q.isEmpty()
        ? pool.preparedQuery(OpportunitySql.SUMMARY).execute(Tuple.of(orgId, pipelineId))
        : pool.preparedQuery(q.get().length() >= SEARCH_BY_TRIGRAMS ? OpportunitySql.SUMMARY_SEARCH : OpportunitySql.SUMMARY_SHORT_SEARCH)
            .execute(Tuple.of(orgId, pipelineId, OpportunityRepository.containsPattern(q.get())));
    return read.map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Pipeline");
          }
          Map<UUID, JsonObject> stages = new LinkedHashMap<>();
          Map<String, BigDecimal[]> pipelineTotals = new TreeMap<>();
          long pipelineCount = 0;
          for (Row row : rows) {
            JsonObject stage = stages.computeIfAbsent(row.getUUID("id"), id -> new JsonObject()
                .put("stage_id", id.toString()).put("name", row.getString("name"))
                .put("position", row.getInteger("position")).put("probability", row.getInteger("probability"))
                .put("kind", row.getString("kind")).put("count", 0L).put("rotting_count", row.getLong("rotting"))
                .put("amounts", new JsonArray()));
            long n = row.getLong("n");
            stage.put("count", stage.getLong("count") + n);
            pipelineCount += n;
            String currency = row.getString("currency");
            BigDecimal total = row.getBigDecimal("total");
            if (currency != null && total != null) {
              BigDecimal weighted = row.getBigDecimal("weighted");
              stage.getJsonArray("amounts").add(amount(currency, total, weighted));
              pipelineTotals.merge(currency, new BigDecimal[] {total, weighted},
                  (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
            }
          }
          JsonArray totals = new JsonArray();
          pipelineTotals.forEach((currency, sums) -> totals.add(amount(currency, sums[0], sums[1])));
          return new JsonObject()
              .put("pipeline_id", pipelineId.toString())
              .put("q", q.orElse(null))
              .put("stages", new JsonArray(List.copyOf(stages.values())))
              .put("totals", new JsonObject().put("count", pipelineCount).put("amounts", totals));
        });
  }

  Future<JsonArray> history(UUID orgId, String idOrPublicId) {
    return lookups.card(pool, orgId, idOrPublicId)
        .compose(row -> pool.preparedQuery(OpportunitySql.HISTORY).execute(Tuple.of(orgId, row.getUUID("id")))
            .map(rows -> {
              JsonArray entries = new JsonArray();
              for (Row t : rows) {
                OffsetDateTime entered = t.getOffsetDateTime("entered_at");
                OffsetDateTime exited = t.getOffsetDateTime("exited_at");
                OffsetDateTime until = exited == null ? t.getOffsetDateTime("db_now") : exited;
                entries.add(new JsonObject()
                    .put("stage_id", t.getUUID("to_stage_id").toString())
                    .put("stage_name", t.getString("to_stage_name"))
                    .put("entered_at", entered.toInstant().toString())
                    .put("exited_at", exited == null ? null : exited.toInstant().toString())
                    .put("seconds_in_stage", Math.max(0, Duration.between(entered, until).toSeconds()))
                    .put("moved_by", t.getString("moved_by")));
              }
              return entries;
            }));
  }

  private static JsonObject amount(String currency, BigDecimal total, BigDecimal weighted) {
    return new JsonObject()
        .put("currency", currency)
        .put("total", Money.format(total, currency))
        .put("weighted_total", Money.format(weighted, currency));
  }
}
