package io.drippulse.crm.api.pipelines;

import io.drippulse.crm.api.Remembered;
import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.opportunities.StageDrain;
import io.drippulse.crm.model.StageTemplate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** All SQL of pipelines and stages. Multi-statement writes run in one transaction. */
public final class PipelineRepository {

  private final Pool pool;
  /** The org default never changes id and is never deleted, so once seen it is remembered. */
  private final Remembered<UUID, UUID> orgDefaults = new Remembered<>();

  public PipelineRepository(Pool pool) {
    this.pool = pool;
  }

  /** The org default pipeline's id, creating it (exactly once per org, whoever races) on first need. */
  public Future<UUID> ensureOrgDefault(UUID orgId) {
    Optional<UUID> known = orgDefaults.get(orgId);
    if (known.isPresent()) {
      return Future.succeededFuture(known.get());
    }
    List<StageTemplate> stages = StageTemplate.DEFAULT_STAGES;
    Tuple args = Tuple.of(orgId, UUID.randomUUID(), StageTemplate.DEFAULT_PIPELINE_NAME)
        .addValue(stages.stream().map(StageTemplate::name).toArray(String[]::new))
        .addValue(stages.stream().map(StageTemplate::probability).toArray(Integer[]::new))
        .addValue(stages.stream().map(s -> s.kind().wire()).toArray(String[]::new))
        .addValue(stages.stream().map(StageTemplate::unassigned).toArray(Boolean[]::new));
    return pool.preparedQuery(PipelineSql.ENSURE_DEFAULT).execute(args)
        // a racing creator's row is invisible to our statement's snapshot: look again in a new one
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows)
            : pool.preparedQuery(PipelineSql.FIND_DEFAULT).execute(Tuple.of(orgId)))
        .map(rows -> orgDefaults.remember(orgId, rows.iterator().next().getUUID("id")));
  }

  /**
   * The caller's preferred pipeline if set (a deleted pipeline takes its preference with it), else the org
   * default. The org default is ensured either way (after its first sighting that costs no query).
   */
  public Future<UUID> defaultFor(UUID orgId, String userId) {
    return ensureOrgDefault(orgId).compose(orgDefault -> preferred(orgId, userId).map(p -> p.orElse(orgDefault)));
  }

  private Future<Optional<UUID>> preferred(UUID orgId, String userId) {
    if (userId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(PipelineSql.PREFERRED).execute(Tuple.of(orgId, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("pipeline_id")));
  }

  public Future<JsonArray> list(UUID orgId) {
    return pool.preparedQuery(PipelineSql.LIST).execute(Tuple.of(orgId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(PipelineJson.of(row)));
      return out;
    });
  }

  public Future<JsonObject> get(UUID orgId, UUID id) {
    return pool.preparedQuery(PipelineSql.GET).execute(Tuple.of(orgId, id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("Pipeline");
      }
      return PipelineJson.of(rows.iterator().next());
    });
  }

  public Future<UUID> cloneDefault(UUID orgId, String userId, String name) {
    UUID id = UUID.randomUUID();
    return ensureOrgDefault(orgId)
        .compose(defaultId -> pool.withTransaction(conn -> conn.preparedQuery(PipelineSql.CLONE)
            .execute(Tuple.of(orgId, id, name, userId, defaultId))
            .compose(ignored -> recordEvent(conn, orgId, id, EventType.PIPELINE_CREATED))))
        .map(id);
  }

  /** Rename and/or replace the stage list, all or nothing. */
  public Future<Void> update(UUID orgId, UUID id, Editor editor, Optional<String> name, Optional<JsonArray> stages,
                             Optional<Reassign> reassign) {
    return pool.withTransaction(conn -> lockEditable(conn, orgId, id, editor)
        .compose(orgDefault -> {
          if (stages.isPresent()) {
            return replaceStages(conn, orgId, id, editor.userId(), stages.get(), reassign, orgDefault);
          }
          // without a stage list nothing is removed, so every pair names a stage that stays
          reassign.ifPresent(r -> r.against(List.of(), new StagePlan(List.of(), List.of())));
          return Future.<Void>succeededFuture();
        })
        .compose(ignored -> conn.preparedQuery(PipelineSql.TOUCH).execute(Tuple.of(orgId, id, name.orElse(null))))
        .compose(ignored -> recordEvent(conn, orgId, id, EventType.PIPELINE_UPDATED)));
  }

  /** The org default is never deleted, not even by an org admin: every deal without a stage lands there. */
  public Future<Void> delete(UUID orgId, UUID id, Editor editor) {
    Editor owner = new Editor(editor.userId(), false);
    return pool.withTransaction(conn -> lockEditable(conn, orgId, id, owner)
        .compose(ignored -> conn.preparedQuery(PipelineSql.LOCK_STAGES).execute(Tuple.of(orgId, id)))
        .compose(ignored -> conn.preparedQuery(PipelineSql.HAS_OPPORTUNITIES).execute(Tuple.of(orgId, id)))
        .compose(rows -> {
          if (rows.iterator().next().getBoolean("busy")) {
            throw ApiError.conflict("pipeline_not_empty", "The pipeline still holds opportunities; move or delete them first.");
          }
          return conn.preparedQuery(PipelineSql.GET).execute(Tuple.of(orgId, id));
        })
        .compose(last -> conn.preparedQuery(PipelineSql.DELETE).execute(Tuple.of(orgId, id))
            .compose(ignored -> BoardEvents.pipeline(conn, orgId, EventType.PIPELINE_DELETED, PipelineJson.of(last.iterator().next())))));
  }

  /** The live board's event, last in the write's transaction: the pipeline as it now reads. */
  private static Future<Void> recordEvent(SqlConnection conn, UUID orgId, UUID id, EventType type) {
    return conn.preparedQuery(PipelineSql.GET).execute(Tuple.of(orgId, id))
        .compose(rows -> BoardEvents.pipeline(conn, orgId, type, PipelineJson.of(rows.iterator().next())));
  }

  public Future<UUID> setPreferred(UUID orgId, String userId, UUID pipelineId) {
    return pool.preparedQuery(PipelineSql.SET_PREFERRED).execute(Tuple.of(orgId, userId, pipelineId))
        // a pipeline deleted between the lookup and the insert is simply not there
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23503".equals(pg.getSqlState()) ? ApiError.notFound("Pipeline") : e))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Pipeline");
          }
          return rows.iterator().next().getUUID("pipeline_id");
        });
  }

  /**
   * The edit-right check alone, without a lock or a write: lets a route answer 404/403 before it looks at
   * the body. The write itself checks again under the row lock.
   */
  public Future<Void> checkEditable(UUID orgId, UUID id, Editor editor) {
    return pool.preparedQuery(PipelineSql.OWNER).execute(Tuple.of(orgId, id)).map(rows -> requireEditable(rows, editor)).mapEmpty();
  }

  /** Locks the pipeline row for a write by {@code editor}; true when it is the org default. */
  private static Future<Boolean> lockEditable(SqlConnection conn, UUID orgId, UUID id, Editor editor) {
    return conn.preparedQuery(PipelineSql.LOCK_PIPELINE).execute(Tuple.of(orgId, id)).map(rows -> requireEditable(rows, editor));
  }

  /**
   * 404 outside the org; the org default only by an org admin; any other pipeline only by its owner.
   * Answers whether it is the org default.
   */
  private static boolean requireEditable(RowSet<Row> rows, Editor editor) {
    if (rows.size() == 0) {
      throw ApiError.notFound("Pipeline");
    }
    Row row = rows.iterator().next();
    boolean orgDefault = row.getBoolean("is_org_default");
    if (orgDefault && !editor.orgAdmin()) {
      throw ApiError.forbidden("org_default_read_only",
          "The org default pipeline is shared by the whole organization: only org admins can rename it or edit its stages, and nobody can delete it.");
    }
    if (!orgDefault && !editor.owns(row.getString("user_id"))) {
      throw ApiError.forbidden("not_pipeline_owner", "Only the user who created this pipeline can change it.");
    }
    return orgDefault;
  }

  /**
   * Under every stage's lock: the new list is written first (so history names a renamed target by its new
   * name), then each reassigned stage's deals move to their kept stage, then a removed stage still holding
   * deals refuses the whole change, then the removed stages go.
   */
  private static Future<Void> replaceStages(SqlConnection conn, UUID orgId, UUID id, String userId, JsonArray requested,
                                            Optional<Reassign> reassign, boolean orgDefault) {
    return conn.preparedQuery(PipelineSql.LOCK_STAGES).execute(Tuple.of(orgId, id))
        .compose(rows -> {
          List<Stage> current = stages(rows);
          StagePlan plan = StagePlan.of(current, requested, orgDefault);
          Map<UUID, UUID> pairs = reassign.map(r -> r.against(current, plan)).orElse(Map.of());
          return conn.preparedQuery(PipelineSql.UPSERT_STAGES).execute(upsertArgs(orgId, id, plan.stages()))
              .compose(ignored -> drain(conn, orgId, userId, pairs))
              .compose(ignored -> refuseNonEmptyRemovals(conn, orgId, plan))
              .compose(ignored -> conn.preparedQuery(PipelineSql.DELETE_STAGES)
                  .execute(Tuple.of(orgId, id, plan.removed().toArray(UUID[]::new))));
        })
        .mapEmpty();
  }

  private static Future<Void> drain(SqlConnection conn, UUID orgId, String userId, Map<UUID, UUID> pairs) {
    Future<Void> done = Future.succeededFuture();
    for (Map.Entry<UUID, UUID> pair : pairs.entrySet()) {
      done = done.compose(ignored -> StageDrain.drain(conn, orgId, pair.getKey(), pair.getValue(), userId));
    }
    return done;
  }

  private static Future<Void> refuseNonEmptyRemovals(SqlConnection conn, UUID orgId, StagePlan plan) {
    if (plan.removed().isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(PipelineSql.COUNT_IN_STAGES)
        .execute(Tuple.of(orgId).addValue(plan.removed().toArray(UUID[]::new)))
        .map(rows -> {
          if (rows.size() > 0) {
            JsonArray details = new JsonArray();
            rows.forEach(row -> details.add(new JsonObject()
                .put("stage_id", row.getUUID("pipeline_stage_id").toString())
                .put("opportunities", row.getLong("n"))));
            throw new ApiError(409, "stage_not_empty",
                "A stage you removed still holds opportunities; move them to another stage first.", details);
          }
          return null;
        });
  }

  private static List<Stage> stages(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(Stage::from).toList();
  }

  private static Tuple upsertArgs(UUID orgId, UUID pipelineId, List<Stage> stages) {
    return Tuple.of(orgId, pipelineId)
        .addValue(stages.stream().map(Stage::id).toArray(UUID[]::new))
        .addValue(stages.stream().map(Stage::name).toArray(String[]::new))
        .addValue(stages.stream().map(Stage::position).toArray(Integer[]::new))
        .addValue(stages.stream().map(Stage::probability).toArray(Integer[]::new))
        .addValue(stages.stream().map(s -> s.kind().wire()).toArray(String[]::new))
        .addValue(stages.stream().map(Stage::unassigned).toArray(Boolean[]::new))
        .addValue(stages.stream().map(Stage::rottingDays).toArray(Integer[]::new));
  }
}
