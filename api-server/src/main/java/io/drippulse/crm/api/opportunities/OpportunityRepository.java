package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** Reads, placement and creation of opportunities. Position-changing edits live in {@link Moves}. */
final class OpportunityRepository {

  /** Shortest q the trigram indexes can narrow down; shorter ones scan stage by stage in board order. */
  private static final int SEARCH_BY_TRIGRAMS = 3;

  private final Pool pool;
  private final PipelineRepository pipelines;

  OpportunityRepository(Pool pool, PipelineRepository pipelines) {
    this.pool = pool;
    this.pipelines = pipelines;
  }

  /** By public id ({@code opp_…}) or UUID; anything else, or another org's record, is a 404. */
  static Future<Row> find(SqlClient client, UUID orgId, String idOrPublicId) {
    Future<RowSet<Row>> rows;
    if (Ids.isPublicId(idOrPublicId)) {
      rows = client.preparedQuery(OpportunitySql.BY_PUBLIC_ID).execute(Tuple.of(orgId, idOrPublicId));
    } else {
      Optional<UUID> id = Ids.parseUuid(idOrPublicId);
      if (id.isEmpty()) {
        return Future.failedFuture(ApiError.notFound("Opportunity"));
      }
      rows = client.preparedQuery(OpportunitySql.BY_ID).execute(Tuple.of(orgId, id.get()));
    }
    return rows.map(set -> {
      if (set.size() == 0) {
        throw ApiError.notFound("Opportunity");
      }
      return set.iterator().next();
    });
  }

  Future<JsonObject> get(UUID orgId, String idOrPublicId) {
    return find(pool, orgId, idOrPublicId).map(OpportunityJson::of);
  }

  /**
   * Creates a card, honouring an Idempotency-Key: the key is claimed first, in the same transaction,
   * so a repeat replays the stored answer even if the placement would no longer resolve.
   */
  Future<Idempotency.Outcome> create(UUID orgId, String userId, OpportunityInput.Placement placement, Deal fields,
                                     Optional<Idempotency.Key> key) {
    boolean toOrgDefault = placement.stageId().isEmpty() && placement.pipelineId().isEmpty();
    Future<Optional<UUID>> orgDefault = toOrgDefault
        ? pipelines.ensureOrgDefault(orgId).map(Optional::of) : Future.succeededFuture(Optional.empty());
    return orgDefault.compose(defaultId -> pool.withTransaction(conn -> {
      Supplier<Future<Idempotency.Outcome>> insert = () -> placeNew(conn, orgId, placement, defaultId)
          .compose(stageId -> insert(conn, orgId, userId, stageId, fields))
          .compose(created -> BoardEvents.opportunity(conn, orgId, EventType.OPPORTUNITY_CREATED, created).map(created))
          .map(created -> new Idempotency.Outcome(201, created));
      return key.isEmpty() ? insert.get() : Idempotency.once(conn, orgId, key.get(), insert);
    }));
  }

  /** The stage a new card goes to: the given stage, else the pipeline's first stage, else the org default's Unassigned. */
  private static Future<UUID> placeNew(SqlConnection conn, UUID orgId, OpportunityInput.Placement placement, Optional<UUID> orgDefault) {
    if (placement.stageId().isPresent()) {
      return stageInOrg(conn, orgId, placement.stageId().get(), placement.pipelineId());
    }
    if (placement.pipelineId().isPresent()) {
      return firstStage(conn, orgId, placement.pipelineId().get());
    }
    return conn.preparedQuery(OpportunitySql.UNASSIGNED_STAGE).execute(Tuple.of(orgId, orgDefault.orElseThrow()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** A stage of this org (422 otherwise) that, when a pipeline is named too, belongs to it. */
  static Future<UUID> stageInOrg(SqlClient client, UUID orgId, String rawStage, Optional<String> rawPipeline) {
    Optional<UUID> stageId = Ids.parseUuid(rawStage);
    if (stageId.isEmpty()) {
      return Future.failedFuture(unknownStage());
    }
    return client.preparedQuery(OpportunitySql.STAGE_IN_ORG).execute(Tuple.of(orgId, stageId.get())).map(rows -> {
      if (rows.size() == 0) {
        throw unknownStage();
      }
      UUID pipelineId = rows.iterator().next().getUUID("pipeline_id");
      if (rawPipeline.isPresent() && !Ids.parseUuid(rawPipeline.get()).map(pipelineId::equals).orElse(false)) {
        throw ApiError.invalidField("pipeline_stage_id", "The stage does not belong to the given pipeline.")
            .withCode("stage_not_in_pipeline");
      }
      return stageId.get();
    });
  }

  static Future<UUID> firstStage(SqlClient client, UUID orgId, String rawPipeline) {
    Optional<UUID> pipelineId = Ids.parseUuid(rawPipeline);
    if (pipelineId.isEmpty()) {
      return Future.failedFuture(unknownPipeline());
    }
    return client.preparedQuery(OpportunitySql.FIRST_STAGE).execute(Tuple.of(orgId, pipelineId.get())).map(rows -> {
      if (rows.size() == 0) {
        throw unknownPipeline();
      }
      return rows.iterator().next().getUUID("id");
    });
  }

  /** Appends the card at the end of its stage, under the stage lock, and records its first stage. */
  static Future<JsonObject> insert(SqlConnection conn, UUID orgId, String userId, UUID stageId, Deal fields) {
    UUID id = UUID.randomUUID();
    return conn.preparedQuery(OpportunitySql.LOCK_STAGES).execute(Tuple.of(orgId).addValue(new UUID[] {stageId}))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw unknownStage(); // removed by a pipeline edit since we looked
          }
          UUID pipelineId = rows.iterator().next().getUUID("pipeline_id");
          return conn.preparedQuery(OpportunitySql.INSERT).execute(Tuple.from(new Object[] {orgId, id, Ids.newPublicId(),
              fields.name(), pipelineId, stageId, fields.amount(), fields.currency(), fields.expectedCloseDate(),
              fields.ownerUserId(), fields.description()}));
        })
        .compose(ignored -> conn.preparedQuery(OpportunitySql.RECORD_TRANSITION).execute(Tuple.of(orgId, id, null, stageId, userId)))
        .compose(ignored -> find(conn, orgId, id.toString()))
        .map(OpportunityJson::of);
  }

  Future<JsonObject> page(UUID orgId, UUID pipelineId, Optional<UUID> stageId, Optional<String> q, int limit, Optional<Cursor> cursor) {
    Tuple args = Tuple.of(orgId, pipelineId, stageId.orElse(null), q.map(OpportunityRepository::containsPattern).orElse(null), limit + 1)
        .addValue(cursor.map(Cursor::lastId).orElse(null))
        .addValue(cursor.map(Cursor::stageId).orElse(null))
        .addValue(cursor.map(Cursor::stageOrder).orElse(null))
        .addValue(cursor.map(Cursor::position).orElse(null));
    String sql = q.map(text -> text.length() >= SEARCH_BY_TRIGRAMS).orElse(false) ? OpportunitySql.PAGE_SEARCH : OpportunitySql.PAGE;
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      JsonArray out = new JsonArray();
      Row last = null;
      int n = 0;
      for (Row row : rows) {
        if (n++ == limit) {
          break;
        }
        out.add(OpportunityJson.of(row));
        last = row;
      }
      String next = rows.size() > limit && last != null ? Cursor.after(last).encode() : null;
      return new JsonObject().put("opportunities", out).put("next_cursor", next);
    });
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
    return pool.preparedQuery(OpportunitySql.STAGE_IN_ORG).execute(Tuple.of(orgId, stageId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("Stage");
      }
      return rows.iterator().next().getUUID("pipeline_id");
    });
  }

  /** q is a literal substring: % and _ and \ are escaped, never wildcards. */
  static String containsPattern(String q) {
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  static ApiError unknownStage() {
    return ApiError.invalidField("pipeline_stage_id", "No such stage in your organization.").withCode("unknown_stage");
  }

  static ApiError unknownPipeline() {
    return ApiError.invalidField("pipeline_id", "No such pipeline in your organization.").withCode("unknown_pipeline");
  }
}
