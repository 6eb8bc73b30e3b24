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
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

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
   * Creates a card, honouring an Idempotency-Key: the key is claimed first, in the same transaction,
   * so a repeat replays the stored answer even if the placement would no longer resolve.
   */
  Future<Idempotency.Outcome> create(UUID orgId, String userId, OpportunityInput.Placement placement, Deal fields,
                                     Optional<Idempotency.Key> key) {
    Future<Optional<UUID>> orgDefault = placement.namesStageOrPipeline()
        ? Future.succeededFuture(Optional.empty()) : pipelines.ensureOrgDefault(orgId).map(Optional::of);
    return orgDefault.compose(defaultId -> pool.withTransaction(conn -> {
      Supplier<Future<Idempotency.Outcome>> insert = () -> stageForNew(conn, orgId, placement, defaultId)
          .compose(stageId -> insert(conn, orgId, userId, stageId, fields))
          .compose(created -> BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_CREATED, created).map(created))
          .map(created -> new Idempotency.Outcome(201, created));
      return key.isEmpty() ? insert.get() : Idempotency.once(conn, orgId, key.get(), insert);
    }));
  }

  /** The stage a new card goes to: the given stage, else the pipeline's first stage, else the org default's Unassigned. */
  private Future<UUID> stageForNew(SqlConnection conn, UUID orgId, OpportunityInput.Placement placement, Optional<UUID> orgDefault) {
    if (placement.stageId().isPresent()) {
      return lookups.stage(conn, orgId, placement.stageId().get(), placement.pipelineId());
    }
    if (placement.pipelineId().isPresent()) {
      return lookups.firstStage(conn, orgId, placement.pipelineId().get());
    }
    return lookups.unassignedStage(conn, orgId, orgDefault.orElseThrow());
  }

  /** Appends the card at the end of its stage, under the stage lock, counts it and records its first stage. */
  Future<JsonObject> insert(SqlConnection conn, UUID orgId, String userId, UUID stageId, Deal fields) {
    UUID id = UUID.randomUUID();
    return StageLocks.exclusive(conn, orgId, stageId)
        .compose(stage -> Ranks.end(conn, orgId, stageId, id)
            .compose(rank -> conn.preparedQuery(OpportunitySql.INSERT).execute(Tuple.from(new Object[] {orgId, id,
                Ids.newPublicId(), fields.name(), stage.pipelineId(), stageId, rank, fields.amount(), fields.currency(),
                fields.expectedCloseDate(), fields.ownerUserId(), fields.description()}))))
        .compose(inserted -> StageTotals.change().add(stageId, fields).write(conn, orgId))
        .compose(totalled -> conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, id, null, stageId, userId)))
        .compose(recorded -> lookups.card(conn, orgId, id))
        .map(OpportunityJson::of);
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
