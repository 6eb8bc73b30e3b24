package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.StageTemplate;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.BundleStage;
import io.drippulse.crm.model.bundle.Checked;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

  /** An opportunity ready to insert: its target ids and the position it takes at the end of its stage. */
  public record NewOpportunity(UUID id, UUID pipelineId, UUID stageId, int position, BundleOpportunity row) {
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
  private static final String MAPPED_ORG_DEFAULT = "SELECT count(*) FROM portability_job_id_map"
      + " WHERE org_id = ? AND job_id = ? AND kind = 'pipeline' AND is_org_default";
  /** ORDER BY before FOR UPDATE: stage rows are locked in ascending id order, the order every writer uses. */
  private static final String LOCK_STAGES = "SELECT id FROM pipeline_stages WHERE org_id = ? AND id = ANY(?)"
      + " ORDER BY id FOR UPDATE";
  private static final String EXISTING_OPPORTUNITIES = "SELECT id, public_id FROM opportunities"
      + " WHERE org_id = ? AND (id = ANY(?) OR public_id = ANY(?))";
  /** One index probe per stage (max along the stage's position index), never a scan of the stage. */
  private static final String NEXT_POSITIONS = "SELECT s.id, coalesce((SELECT max(o.stage_position) + 1"
      + " FROM opportunities o WHERE o.org_id = ? AND o.pipeline_stage_id = s.id), 0) FROM unnest(?::uuid[]) AS s(id)";
  private static final String INSERT_OPPORTUNITIES = "WITH rows AS (SELECT * FROM unnest(?::uuid[], ?::text[],"
      + " ?::text[], ?::uuid[], ?::uuid[], ?::int[], ?::numeric[], ?::text[], ?::date[], ?::text[], ?::text[],"
      + " ?::timestamptz[], ?::int[], ?::timestamptz[], ?::timestamptz[]) AS r(id, public_id, name, pipeline_id,"
      + " pipeline_stage_id, stage_position, amount, currency, expected_close_date, owner_user_id, description,"
      + " stage_entered_at, version, created_at, updated_at)),"
      + " inserted AS (INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id,"
      + " stage_position, amount, currency, expected_close_date, owner_user_id, description, stage_entered_at, version,"
      + " created_at, updated_at) SELECT ?, id, public_id, name, pipeline_id, pipeline_stage_id, stage_position, amount,"
      + " currency, expected_close_date, owner_user_id, description, coalesce(stage_entered_at, now()), version,"
      + " coalesce(created_at, now()), coalesce(updated_at, now()) FROM rows"
      + " ON CONFLICT (org_id, id) DO NOTHING RETURNING id, pipeline_stage_id)"
      + " INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by)"
      + " SELECT ?, i.id, NULL, i.pipeline_stage_id, s.name, ? FROM inserted i"
      + " JOIN pipeline_stages s ON s.org_id = ? AND s.id = i.pipeline_stage_id";
  private static final String REJECT = "INSERT INTO portability_job_rejections (org_id, job_id, section, item_index,"
      + " record_id, reason) SELECT ?, ?, ?, r.item_index, r.record_id, r.reason"
      + " FROM unnest(?::bigint[], ?::text[], ?::text[]) AS r(item_index, record_id, reason) ON CONFLICT DO NOTHING";

  private final JdbcTemplate jdbc;

  public ImportRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
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

  public boolean orgDefaultMapped(ImportTarget target) {
    Long n = jdbc.queryForObject(MAPPED_ORG_DEFAULT, Long.class, target.targetOrg(), target.jobId());
    return n != null && n > 0;
  }

  public void lockStages(UUID org, UUID[] stageIds) {
    jdbc.execute((ConnectionCallback<Void>) c -> {
      try (PreparedStatement st = c.prepareStatement(LOCK_STAGES)) {
        st.setObject(1, org);
        st.setArray(2, c.createArrayOf("uuid", stageIds));
        st.executeQuery().close();
      }
      return null;
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
        try (var rs = st.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getObject(1, UUID.class), rs.getString(2));
          }
        }
      }
      return found;
    });
  }

  /** For each stage, the position a card appended now takes (the stage's size, positions being dense). */
  public Map<UUID, Integer> nextPositions(UUID org, UUID[] stageIds) {
    return jdbc.execute((ConnectionCallback<Map<UUID, Integer>>) c -> {
      Map<UUID, Integer> next = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement(NEXT_POSITIONS)) {
        st.setObject(1, org);
        st.setArray(2, c.createArrayOf("uuid", stageIds));
        try (var rs = st.executeQuery()) {
          while (rs.next()) {
            next.put(rs.getObject(1, UUID.class), rs.getInt(2));
          }
        }
      }
      return next;
    });
  }

  /**
   * Inserts the opportunities and, for each one inserted, its first stage_transitions row; one statement,
   * arrays as parameters. Returns how many were inserted.
   */
  public int insertOpportunities(UUID org, List<NewOpportunity> rows, String movedBy) {
    return jdbc.execute((ConnectionCallback<Integer>) c -> {
      try (PreparedStatement st = c.prepareStatement(INSERT_OPPORTUNITIES)) {
        bindOpportunities(c, st, rows);
        st.setObject(16, org);
        st.setObject(17, org);
        st.setString(18, movedBy);
        st.setObject(19, org);
        return st.executeUpdate();
      }
    });
  }

  private static void bindOpportunities(Connection c, PreparedStatement st, List<NewOpportunity> rows) throws SQLException {
    int n = rows.size();
    UUID[] ids = new UUID[n];
    String[] publicIds = new String[n];
    String[] names = new String[n];
    UUID[] pipelines = new UUID[n];
    UUID[] stages = new UUID[n];
    Integer[] positions = new Integer[n];
    BigDecimal[] amounts = new BigDecimal[n];
    String[] currencies = new String[n];
    String[] closeDates = new String[n];
    String[] owners = new String[n];
    String[] descriptions = new String[n];
    String[] enteredAt = new String[n];
    Integer[] versions = new Integer[n];
    String[] createdAt = new String[n];
    String[] updatedAt = new String[n];
    for (int i = 0; i < n; i++) {
      NewOpportunity o = rows.get(i);
      BundleOpportunity r = o.row();
      ids[i] = o.id();
      publicIds[i] = r.publicId();
      names[i] = r.name();
      pipelines[i] = o.pipelineId();
      stages[i] = o.stageId();
      positions[i] = o.position();
      amounts[i] = r.amount() == null ? null : new BigDecimal(r.amount());
      currencies[i] = r.currency();
      closeDates[i] = r.expectedCloseDate() == null ? null : r.expectedCloseDate().toString();
      owners[i] = r.ownerUserId();
      descriptions[i] = r.description();
      enteredAt[i] = text(r.stageEnteredAt());
      versions[i] = r.version();
      createdAt[i] = text(r.createdAt());
      updatedAt[i] = text(r.updatedAt());
    }
    Object[][] columns = {ids, publicIds, names, pipelines, stages, positions, amounts, currencies, closeDates, owners,
        descriptions, enteredAt, versions, createdAt, updatedAt};
    String[] types = {"uuid", "text", "text", "uuid", "uuid", "int4", "numeric", "text", "text", "text", "text", "text",
        "int4", "text", "text"};
    for (int i = 0; i < columns.length; i++) {
      Array array = c.createArrayOf(types[i], columns[i]);
      st.setArray(i + 1, array);
    }
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

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String clip(String id) {
    return id == null || id.length() <= 200 ? id : id.substring(0, 200);
  }
}
