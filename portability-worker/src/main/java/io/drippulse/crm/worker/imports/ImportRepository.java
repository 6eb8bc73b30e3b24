package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.StageTemplate;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.BundleStage;
import io.drippulse.crm.model.bundle.Checked;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The import's SQL. Every statement runs on the step's chunk transaction (JdbcTemplate joins it), so the
 * rows written, the rows rejected, the id map and the step's checkpoint commit or roll back together.
 */
public final class ImportRepository {

  public record PipelineRef(UUID id, boolean orgDefault) {
  }

  public record StageRef(UUID id, UUID pipelineId, String name) {
  }

  /** A bundle pipeline or stage and where it landed in the target org. */
  public record Mapped(UUID sourceId, UUID targetId, UUID sourceParentId, UUID targetParentId, String name,
                       boolean orgDefault) {
  }

  /**
   * An opportunity ready to insert: its target ids, the rank it takes at the end of its stage, and the
   * stage's name as its first stage transition records it.
   */
  public record NewOpportunity(UUID id, UUID pipelineId, UUID stageId, String stageName, long rank,
                               BundleOpportunity row) {
  }

  private static final String ENSURE_ORG = "INSERT INTO organizations (id) VALUES (?) ON CONFLICT DO NOTHING";
  private static final String ENSURE_USER = "INSERT INTO users (org_id, id) VALUES (?, ?) ON CONFLICT DO NOTHING";
  private static final String ORG_DEFAULT = "SELECT id FROM pipelines WHERE org_id = ? AND is_org_default";
  /** No conflict target: a concurrent creator of the org default (pipelines_one_org_default) makes this a no-op. */
  private static final String CREATE_ORG_DEFAULT = "INSERT INTO pipelines (org_id, id, name, is_org_default, user_id)"
      + " VALUES (?, ?, ?, true, NULL) ON CONFLICT DO NOTHING RETURNING id";
  private static final String PIPELINE = "SELECT id, is_org_default FROM pipelines WHERE org_id = ? AND id = ?";
  private static final String INSERT_PIPELINE = "INSERT INTO pipelines (org_id, id, name, is_org_default, user_id,"
      + " created_at, updated_at) VALUES (?, ?, ?, false, ?, coalesce(?, now()), coalesce(?, now()))"
      + " ON CONFLICT (org_id, id) DO NOTHING RETURNING id";
  private static final String LOCK_PIPELINE = "SELECT id FROM pipelines WHERE org_id = ? AND id = ? FOR UPDATE";
  private static final String STAGE = "SELECT id, pipeline_id, name FROM pipeline_stages WHERE org_id = ? AND id = ?";
  private static final String STAGE_BY_NAME = "SELECT id, pipeline_id, name FROM pipeline_stages"
      + " WHERE org_id = ? AND pipeline_id = ? AND lower(name) = lower(?)";
  private static final String UNASSIGNED_STAGE = "SELECT id, pipeline_id, name FROM pipeline_stages"
      + " WHERE org_id = ? AND pipeline_id = ? AND is_unassigned";
  private static final String NEXT_STAGE_POSITION = "SELECT coalesce(max(position) + 1, 0) FROM pipeline_stages"
      + " WHERE org_id = ? AND pipeline_id = ?";
  private static final String INSERT_STAGE = "INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position,"
      + " probability, kind, is_unassigned) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, id) DO NOTHING";
  private static final String MAP = "INSERT INTO portability_job_id_map (org_id, job_id, kind, source_id, target_id,"
      + " source_parent_id, target_parent_id, name, is_org_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MAPPED = "SELECT source_id, target_id, source_parent_id, target_parent_id, name,"
      + " is_org_default FROM portability_job_id_map WHERE org_id = ? AND job_id = ? AND kind = ? AND source_id = ?";
  private static final String PLANNED_STAGE = "SELECT target_id, target_parent_id, name FROM portability_job_id_map"
      + " WHERE org_id = ? AND job_id = ? AND kind = 'stage' AND target_parent_id = ? AND lower(name) = lower(?) LIMIT 1";
  private static final String MAPPED_ORG_DEFAULT = "SELECT count(*) FROM portability_job_id_map"
      + " WHERE org_id = ? AND job_id = ? AND kind = 'pipeline' AND is_org_default";
  /**
   * ORDER BY before the lock: stage rows are locked in ascending id order, the order every writer uses. NO KEY
   * UPDATE excludes every writer of positions (the API takes FOR UPDATE, field edits FOR SHARE) but not the
   * foreign-key checks (FOR KEY SHARE) of the chunk's other half, written on a second connection while this
   * lock is held (HalfChunkWriter).
   */
  private static final String LOCK_STAGES = "SELECT id, name FROM pipeline_stages WHERE org_id = ? AND id = ANY(?)"
      + " ORDER BY id FOR NO KEY UPDATE";
  /** Cards in the trash count as existing: an import never brings one back beside it, nor takes its public id. */
  private static final String EXISTING_OPPORTUNITIES = "SELECT id, public_id FROM opportunities"
      + " WHERE org_id = ? AND (id = ANY(?) OR public_id = ANY(?))"
      + " UNION ALL SELECT id, public_id FROM trashed_opportunities WHERE org_id = ? AND (id = ANY(?) OR public_id = ANY(?))";
  /** One index probe per stage (max along the stage's rank index), never a scan of the stage. */
  private static final String LAST_RANKS = "SELECT s.id, coalesce((SELECT max(o.rank)"
      + " FROM opportunity_ranks o WHERE o.org_id = ? AND o.pipeline_stage_id = s.id), 0) FROM unnest(?::uuid[]) AS s(id)";
  /**
   * The stage totals (count, amount per currency) the api-server's summary reads, kept in the same transaction
   * as the rows, as every API write keeps them. Deltas arrive sorted by (stage, currency), the order the
   * api-server writes them in too.
   */
  static final String ADD_TOTALS = "INSERT INTO stage_totals AS t (org_id, stage_id, currency, card_count,"
      + " amount_count, amount) SELECT ?, d.stage_id, d.currency, d.cards, d.amounts, d.amount::numeric"
      + " FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS d(stage_id, currency, cards,"
      + " amounts, amount) ON CONFLICT (org_id, stage_id, currency) DO UPDATE SET card_count = t.card_count"
      + " + excluded.card_count, amount_count = t.amount_count + excluded.amount_count, amount = t.amount + excluded.amount";
  private static final String HALF = "SELECT rows FROM portability_job_halves WHERE org_id = ? AND job_id = ?"
      + " AND first_item = ?";
  /**
   * A chunk's commit need not wait for its WAL flush: if the server crashes, the chunk is lost together with
   * the step checkpoint committed in the same transaction, and the restarted import writes it again.
   */
  static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";
  private static final String REJECT = "INSERT INTO portability_job_rejections (org_id, job_id, section, item_index,"
      + " record_id, reason) SELECT ?, ?, ?, r.item_index, r.record_id, r.reason"
      + " FROM unnest(?::bigint[], ?::text[], ?::text[]) AS r(item_index, record_id, reason) ON CONFLICT DO NOTHING";

  static final String UNIQUE_VIOLATION = "23505";

  private final JdbcTemplate jdbc;

  public ImportRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void commitWithoutWaitingForFlush() {
    jdbc.execute(ASYNC_COMMIT);
  }

  public void ensureOrganization(UUID org) {
    jdbc.update(ENSURE_ORG, org);
  }

  public void ensureUser(UUID org, String userId) {
    jdbc.update(ENSURE_USER, org, userId);
  }

  public Optional<UUID> orgDefault(UUID org) {
    return jdbc.query(ORG_DEFAULT, (rs, n) -> rs.getObject(1, UUID.class), org).stream().findFirst();
  }

  /**
   * Creates the org default the way the api-server does (name, six template stages) unless it exists; a
   * concurrent creator wins quietly. True when this call created it.
   */
  public boolean createOrgDefault(UUID org, UUID id) {
    boolean created = !jdbc.query(CREATE_ORG_DEFAULT, (rs, n) -> rs.getObject(1, UUID.class), org, id,
        StageTemplate.DEFAULT_PIPELINE_NAME).isEmpty();
    if (created) {
      int position = 0;
      for (StageTemplate stage : StageTemplate.DEFAULT_STAGES) {
        jdbc.update(INSERT_STAGE, org, Ids.newId(), id, stage.name(), position++, stage.probability(),
            stage.kind().wire(), stage.unassigned());
      }
    }
    return created;
  }

  public Optional<PipelineRef> pipeline(UUID org, UUID id) {
    return jdbc.query(PIPELINE, (rs, n) -> new PipelineRef(rs.getObject(1, UUID.class), rs.getBoolean(2)), org, id)
        .stream().findFirst();
  }

  public boolean insertPipeline(UUID org, UUID id, BundlePipeline row) {
    return !jdbc.query(INSERT_PIPELINE, (rs, n) -> rs.getObject(1, UUID.class), org, id, row.name(), row.userId(),
        timestamp(row.createdAt()), timestamp(row.updatedAt())).isEmpty();
  }

  public void lockPipeline(UUID org, UUID id) {
    jdbc.query(LOCK_PIPELINE, (rs, n) -> rs.getObject(1, UUID.class), org, id);
  }

  public Optional<StageRef> stage(UUID org, UUID id) {
    return jdbc.query(STAGE, ImportRepository::stageRef, org, id).stream().findFirst();
  }

  public Optional<StageRef> stageByName(UUID org, UUID pipelineId, String name) {
    return jdbc.query(STAGE_BY_NAME, ImportRepository::stageRef, org, pipelineId, name).stream().findFirst();
  }

  public Optional<StageRef> unassignedStage(UUID org, UUID pipelineId) {
    return jdbc.query(UNASSIGNED_STAGE, ImportRepository::stageRef, org, pipelineId).stream().findFirst();
  }

  /** Appends the stage after the pipeline's last one. */
  public void insertStage(UUID org, UUID id, UUID pipelineId, BundleStage row) {
    Integer position = jdbc.queryForObject(NEXT_STAGE_POSITION, Integer.class, org, pipelineId);
    jdbc.update(INSERT_STAGE, org, id, pipelineId, row.name(), position, row.probability(), row.kind(),
        row.isUnassigned());
  }

  public void map(ImportTarget target, String kind, Mapped mapped) {
    jdbc.update(MAP, target.targetOrg(), target.jobId(), kind, mapped.sourceId(), mapped.targetId(),
        mapped.sourceParentId(), mapped.targetParentId(), mapped.name(), mapped.orgDefault());
  }

  public Optional<Mapped> mapped(ImportTarget target, String kind, UUID sourceId) {
    return jdbc.query(MAPPED, (rs, n) -> new Mapped(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5), rs.getBoolean(6)),
        target.targetOrg(), target.jobId(), kind, sourceId).stream().findFirst();
  }

  /** A stage this job already landed on that pipeline under that name: what a dry run "created" earlier. */
  public Optional<StageRef> plannedStage(ImportTarget target, UUID pipelineId, String name) {
    return jdbc.query(PLANNED_STAGE, ImportRepository::stageRef, target.targetOrg(), target.jobId(), pipelineId, name)
        .stream().findFirst();
  }

  public boolean orgDefaultMapped(ImportTarget target) {
    Long n = jdbc.queryForObject(MAPPED_ORG_DEFAULT, Long.class, target.targetOrg(), target.jobId());
    return n != null && n > 0;
  }

  /** Locks the stage rows for the rest of the chunk's transaction; returns their names, read under the lock. */
  public Map<UUID, String> lockStages(UUID org, UUID[] stageIds) {
    return jdbc.execute((ConnectionCallback<Map<UUID, String>>) c -> {
      Map<UUID, String> names = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement(LOCK_STAGES)) {
        st.setObject(1, org);
        st.setArray(2, c.createArrayOf("uuid", stageIds));
        try (var rs = st.executeQuery()) {
          while (rs.next()) {
            names.put(rs.getObject(1, UUID.class), rs.getString(2));
          }
        }
      }
      return names;
    });
  }

  /** Opportunities of the org already holding one of these ids or public ids: id to public id. */
  public Map<UUID, String> existingOpportunities(UUID org, UUID[] ids, String[] publicIds) {
    return jdbc.execute((ConnectionCallback<Map<UUID, String>>) c -> {
      Map<UUID, String> found = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement(EXISTING_OPPORTUNITIES)) {
        st.setObject(1, org);
        st.setArray(2, c.createArrayOf("uuid", ids));
        st.setArray(3, c.createArrayOf("text", publicIds));
        st.setObject(4, org);
        st.setArray(5, c.createArrayOf("uuid", ids));
        st.setArray(6, c.createArrayOf("text", publicIds));
        try (var rs = st.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getObject(1, UUID.class), rs.getString(2));
          }
        }
      }
      return found;
    });
  }

  /** For each stage, the rank of its last card (0 when empty): imported cards go after it, a gap apart. */
  public Map<UUID, Long> lastRanks(UUID org, UUID[] stageIds) {
    return jdbc.execute((ConnectionCallback<Map<UUID, Long>>) c -> {
      Map<UUID, Long> last = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement(LAST_RANKS)) {
        st.setObject(1, org);
        st.setArray(2, c.createArrayOf("uuid", stageIds));
        try (var rs = st.executeQuery()) {
          while (rs.next()) {
            last.put(rs.getObject(1, UUID.class), rs.getLong(2));
          }
        }
      }
      return last;
    });
  }

  /** Adds the rows to their stages' totals, on the chunk's transaction. */
  public void addToTotals(UUID org, List<NewOpportunity> rows) {
    jdbc.execute((ConnectionCallback<Void>) c -> {
      StageTotalsDelta.of(rows).write(c, org);
      return null;
    });
  }

  /**
   * Inserts the opportunities and, for each, its rank and its first stage_transitions row: three binary COPYs
   * on the chunk's transaction (COPY is what PostgreSQL inserts fastest; docs/performance.md has the numbers).
   * A plain insert: the caller has checked, under the stage locks, that none of them exists. Returns how many
   * were inserted.
   */
  public int insertOpportunities(UUID org, List<NewOpportunity> rows, String movedBy) {
    return jdbc.execute((ConnectionCallback<Integer>) c -> OpportunityCopyIn.insert(c, org, rows, movedBy));
  }

  /** A check made inside the blind insert's savepoint, after the insert itself. */
  @FunctionalInterface
  public interface AlsoDone {
    boolean test() throws SQLException;
  }

  /**
   * The same insert, tried blind inside a savepoint: true when every row went in and {@code alsoDone} (the
   * chunk's other half) holds; false, with nothing written, when one of the rows already exists (its id or
   * public id is taken) or {@code alsoDone} is false. Importing into an org that does not hold the bundle's
   * records yet, the common case, then needs no existence check at all.
   */
  public boolean tryInsertOpportunities(UUID org, List<NewOpportunity> rows, String movedBy, AlsoDone alsoDone) {
    return jdbc.execute((ConnectionCallback<Boolean>) c -> {
      Savepoint savepoint = c.setSavepoint();
      try {
        OpportunityCopyIn.insert(c, org, rows, movedBy);
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        c.rollback(savepoint);
        return false;
      }
      if (!alsoDone.test()) {
        c.rollback(savepoint);
        return false;
      }
      c.releaseSavepoint(savepoint);
      return true;
    });
  }

  /** How many rows this job's half writer committed for the chunk starting at {@code firstItem}, if any. */
  public int half(ImportTarget target, long firstItem) {
    return jdbc.query(HALF, (rs, n) -> rs.getInt(1), target.targetOrg(), target.jobId(), firstItem).stream()
        .findFirst().orElse(0);
  }

  public void reject(ImportTarget target, String section, List<Checked<?>> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    Long[] indexes = rejected.stream().map(r -> r.index()).toArray(Long[]::new);
    String[] recordIds = rejected.stream().map(r -> clip(r.recordId())).toArray(String[]::new);
    String[] reasons = rejected.stream().map(Checked::reason).toArray(String[]::new);
    jdbc.execute((ConnectionCallback<Void>) c -> {
      try (PreparedStatement st = c.prepareStatement(REJECT)) {
        st.setObject(1, target.targetOrg());
        st.setObject(2, target.jobId());
        st.setString(3, section);
        st.setArray(4, c.createArrayOf("int8", indexes));
        st.setArray(5, c.createArrayOf("text", recordIds));
        st.setArray(6, c.createArrayOf("text", reasons));
        st.executeUpdate();
      }
      return null;
    });
  }

  private static StageRef stageRef(java.sql.ResultSet rs, int n) throws SQLException {
    return new StageRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3));
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static String clip(String id) {
    return id == null || id.length() <= 200 ? id : id.substring(0, 200);
  }
}
