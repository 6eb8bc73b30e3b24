package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** Reads and creation of opportunities. Edits that move or remove cards live in {@link Moves}. */
final class OpportunityRepository {

  /** Shortest q the trigram indexes can narrow down; shorter ones scan stage by stage in board order. */
  private static final int SEARCH_BY_TRIGRAMS = 3;

  private final Pool pool;
  private final PipelineRepository pipelines;
  private final Lookups lookups;

  OpportunityRepository(Pool pool, PipelineRepository pipelines, Lookups lookups) {
    this.pool = pool;
    this.pipelines = pipelines;
    this.lookups = lookups;
  }

  Future<JsonObject> get(UUID orgId, String idOrPublicId) {
    return lookups.card(pool, orgId, idOrPublicId).map(OpportunityJson::of);
  }

  /**
   * Creates a card. Without an Idempotency-Key its stage is resolved first, then the whole transaction is
   * two round trips ({@link SentTogether}): BEGIN with the insert's group, then the event with COMMIT. With
   * a key, the key is claimed first, in the same transaction, so a repeat replays the stored answer even if
   * the placement would no longer resolve.
   */
  Future<Idempotency.Outcome> create(UUID orgId, String userId, OpportunityInput.Placement placement, Deal fields,
                                     Optional<Idempotency.Key> key) {
    Future<Optional<UUID>> orgDefault = placement.namesStageOrPipeline()
        ? Future.succeededFuture(Optional.empty()) : pipelines.ensureOrgDefault(orgId).map(Optional::of);
    if (key.isEmpty()) {
      return orgDefault.compose(defaultId -> stageForNew(pool, orgId, placement, defaultId))
          .compose(stageId -> SentTogether.transaction(pool, tx -> insert(tx.connection(), orgId, userId, stageId, fields)
              .compose(created -> tx.commit(created(tx.connection(), orgId, created)).map(new Idempotency.Outcome(201, created)))));
    }
    return orgDefault.compose(defaultId -> pool.withTransaction(conn -> Idempotency.once(conn, orgId, key.get(),
        () -> stageForNew(conn, orgId, placement, defaultId)
            .compose(stageId -> insert(conn, orgId, userId, stageId, fields))
            .compose(created -> created(conn, orgId, created).map(new Idempotency.Outcome(201, created))))));
  }

  private static Future<Void> created(SqlConnection conn, UUID orgId, JsonObject card) {
    return BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_CREATED, card);
  }

  /** The stage a new card goes to: the given stage, else the pipeline's first stage, else the org default's Unassigned. */
  private Future<UUID> stageForNew(SqlClient client, UUID orgId, OpportunityInput.Placement placement, Optional<UUID> orgDefault) {
    if (placement.stageId().isPresent()) {
      return lookups.stage(client, orgId, placement.stageId().get(), placement.pipelineId());
    }
    if (placement.pipelineId().isPresent()) {
      return lookups.firstStage(client, orgId, placement.pipelineId().get());
    }
    return lookups.unassignedStage(client, orgId, orgDefault.orElseThrow());
  }

  /**
   * Appends the card at the end of its stage, under the stage lock, counts it and records its first stage:
   * one group of statements sent at once ({@link InOrder}), the lock first, so the rank the insert chooses
   * ({@code crm_rank_at}) is after what the previous holder committed.
   */
  Future<JsonObject> insert(SqlConnection conn, UUID orgId, String userId, UUID stageId, Deal fields) {
    UUID id = UUID.randomUUID();
    Future<StageLocks.Locked> locked = StageLocks.exclusive(conn, orgId, stageId);
    Future<?> inserted = conn.preparedQuery(OpportunitySql.INSERT).execute(Tuple.from(new Object[] {orgId, id,
        Ids.newPublicId(), fields.name(), stageId, fields.amount(), fields.currency(), fields.expectedCloseDate(),
        fields.ownerUserId(), fields.description()}));
    Future<Void> totalled = StageTotals.change().add(stageId, fields).write(conn, orgId);
    Future<?> recorded = conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, id, null, stageId, userId));
    Future<Row> card = lookups.card(conn, orgId, id);
    return InOrder.all(locked, inserted, totalled, recorded, card).map(sent -> OpportunityJson.of(card.result()));
  }

  Future<PageJson.Page> page(UUID orgId, UUID pipelineId, ListQuery query) {
    if (query.sort().isPresent()) {
      return sortedPage(orgId, pipelineId, query.sort().get(), query);
    }
    Optional<Cursor> cursor = query.cursor();
    Tuple args = Tuple.of(orgId, pipelineId, query.stageId().orElse(null), query.q().map(OpportunityRepository::containsPattern).orElse(null),
            query.limit() + 1)
        .addValue(cursor.map(Cursor::lastId).orElse(null))
        .addValue(cursor.map(Cursor::stageId).orElse(null))
        .addValue(cursor.map(Cursor::stageOrder).orElse(null))
        .addValue(cursor.map(Cursor::rank).orElse(null));
    if (query.filtered()) {
      args.addValue(query.status().orElse(null)).addValue(query.ownerUserId().orElse(null)).addValue(query.rotting());
    }
    return pool.preparedQuery(pageSql(query.q(), query.filtered())).execute(args).map(rows -> PageJson.of(rows, query.limit(), last -> Cursor.after(last).encode()));
  }

  /** A page in a §9.4 sort ({@link SortSql}): the keyset after the cursor's (value, id), with the filters set. */
  private Future<PageJson.Page> sortedPage(UUID orgId, UUID pipelineId, ListSort sort, ListQuery query) {
    Optional<SortCursor> after = query.sortCursor();
    SortSql.Filters filters = new SortSql.Filters(query.stageId().isPresent(), query.q().isPresent(), query.status().isPresent(),
        query.ownerUserId().isPresent(), query.rotting());
    Tuple args = Tuple.of(orgId, pipelineId, query.limit() + 1);
    query.stageId().ifPresent(args::addValue);
    query.q().map(OpportunityRepository::containsPattern).ifPresent(args::addValue);
    query.status().ifPresent(args::addValue);
    query.ownerUserId().ifPresent(args::addValue);
    after.ifPresent(cursor -> {
      args.addValue(cursor.lastId());
      cursor.value().ifPresent(args::addValue);
    });
    String sql = SortSql.statement(sort, after.map(SortCursor::from).orElse(SortSql.From.START), filters);
    return pool.preparedQuery(sql).execute(args).map(rows -> PageJson.of(rows, query.limit(), last -> SortCursor.after(sort, last).encode()));
  }

  private static String pageSql(Optional<String> q, boolean filtered) {
    if (filtered) {
      return q.isPresent() && q.get().length() >= SEARCH_BY_TRIGRAMS ? OpportunitySql.PAGE_SEARCH_FILTERED : OpportunitySql.PAGE_FILTERED;
    }
    if (q.isEmpty()) {
      return OpportunitySql.PAGE;
    }
    return q.get().length() >= SEARCH_BY_TRIGRAMS ? OpportunitySql.PAGE_SEARCH : OpportunitySql.PAGE_SHORT_SEARCH;
  }

  /** For an empty page: 404 when the pipeline (or the stage within it) does not exist in this org. */
  Future<Void> requirePipeline(UUID orgId, UUID pipelineId, Optional<UUID> stageId) {
    return pool.preparedQuery(OpportunitySql.PIPELINE_AND_STAGE_EXIST).execute(Tuple.of(orgId, pipelineId, stageId.orElse(null)))
        .map(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("pipeline")) {
            throw ApiError.notFound("Pipeline");
          }
          if (!row.getBoolean("stage")) {
            throw ApiError.notFound("Stage");
          }
          return null;
        });
  }

  Future<UUID> pipelineOfStage(UUID orgId, UUID stageId) {
    return lookups.pipelineOfStage(pool, orgId, stageId);
  }

  /** q is a literal substring: % and _ and \ are escaped, never wildcards. */
  static String containsPattern(String q) {
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
