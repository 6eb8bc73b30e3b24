package io.drippulse.crm.worker;

import io.drippulse.crm.model.StageTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Organizations seeded straight into the schema (the api-server's job in production), and the org's content
 * read back in a form two organizations can be compared by.
 */
final class Fixtures {

  private Fixtures() {
  }

  /** An org default (template stages plus one extra), a user pipeline with its own stages, and a clone. */
  static void seedSample(UUID org, int opportunitiesPerStage) {
    try (Connection c = Db.connect()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO organizations (id) VALUES (?)", org);
      exec(c, "INSERT INTO users (org_id, id) VALUES (?, 'alice'), (?, 'bob')", org, org);
      UUID orgDefault = pipeline(c, org, StageTemplate.DEFAULT_PIPELINE_NAME, null, 0);
      List<UUID[]> stages = new ArrayList<>();
      int position = 0;
      for (StageTemplate t : StageTemplate.DEFAULT_STAGES) {
        stages.add(stage(c, org, orgDefault, t.name(), position++, t.probability(), t.kind().wire(), t.unassigned()));
      }
      stages.add(stage(c, org, orgDefault, "Demo scheduled", position, 35, "open", false));
      UUID enterprise = pipeline(c, org, "Enterprise", "alice", 1);
      stages.add(stage(c, org, enterprise, "Inbox", 0, 0, "open", true));
      stages.add(stage(c, org, enterprise, "Discovery", 1, 10, "open", false));
      stages.add(stage(c, org, enterprise, "Pilot", 2, 60, "open", false));
      stages.add(stage(c, org, enterprise, "Closed won", 3, 100, "won", false));
      stages.add(stage(c, org, enterprise, "Closed lost", 4, 0, "lost", false));
      UUID renewals = pipeline(c, org, "Renewals", "bob", 2);
      position = 0;
      for (StageTemplate t : StageTemplate.DEFAULT_STAGES) {
        stages.add(stage(c, org, renewals, t.name(), position++, t.probability(), t.kind().wire(), t.unassigned()));
      }
      int n = 0;
      for (UUID[] stage : stages) {
        for (int p = 0; p < opportunitiesPerStage; p++, n++) {
          opportunity(c, org, stage[0], stage[1], p, n);
        }
      }
      c.commit();
      Db.recountTotals(org);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static UUID pipeline(Connection c, UUID org, String name, String user, int age) throws SQLException {
    UUID id = UUID.randomUUID();
    exec(c, "INSERT INTO pipelines (org_id, id, name, is_org_default, user_id, created_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)", org, id, name, user == null, user, at(age), at(age));
    return id;
  }

  /** The stage's pipeline and id. */
  private static UUID[] stage(Connection c, UUID org, UUID pipeline, String name, int position, int probability,
                              String kind, boolean unassigned) throws SQLException {
    UUID id = UUID.randomUUID();
    exec(c, "INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", org, id, pipeline, name, position, probability, kind, unassigned);
    return new UUID[] {pipeline, id};
  }

  private static void opportunity(Connection c, UUID org, UUID pipeline, UUID stage, int position, int n)
      throws SQLException {
    String currency = switch (n % 3) {
      case 0 -> "USD";
      case 1 -> "EUR";
      default -> "JPY";
    };
    BigDecimal amount = n % 5 == 4 ? null : currency.equals("JPY") ? new BigDecimal(1000 + n) : new BigDecimal(n + ".25");
    exec(c, "WITH card AS (INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id,"
            + " amount, currency, expected_close_date, owner_user_id, description, stage_entered_at, version, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING org_id, id, pipeline_stage_id)"
            + " INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)"
            + " SELECT org_id, id, pipeline_stage_id, ?::bigint FROM card",
        org, UUID.randomUUID(), String.format("opp_%012d", n), n % 7 == 0 ? "Café Ünïcødé \"deal\" 🚀 #" + n : "Deal " + n,
        pipeline, stage, amount, currency, n % 2 == 0 ? LocalDate.of(2025, 1, 1).plusDays(n) : null,
        n % 3 == 0 ? null : "alice", n % 4 == 0 ? null : "Line one\nline two of deal " + n, at(n), 1 + n % 4,
        at(n).minusDays(3), at(n).plusHours(1), position);
  }

  private static OffsetDateTime at(int n) {
    return OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC).plusMinutes(n);
  }

  private static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = Db.prepare(c, sql, params)) {
      st.executeUpdate();
    }
  }

  /**
   * An org's content without ids, in board order: pipelines (org default first, then by creation), their
   * stages, and each stage's opportunities in position order with every field a bundle carries.
   */
  static List<String> content(UUID org) {
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> p : Db.rows("SELECT id, name, is_org_default, user_id FROM pipelines WHERE org_id = ?"
        + " ORDER BY is_org_default DESC, created_at, id", org)) {
      lines.add("pipeline " + p.get("name") + " default=" + p.get("is_org_default") + " owner=" + p.get("user_id"));
      for (Map<String, Object> s : Db.rows("SELECT id, name, position, probability, kind, is_unassigned FROM pipeline_stages"
          + " WHERE org_id = ? AND pipeline_id = ? ORDER BY position", org, p.get("id"))) {
        lines.add("  stage " + s.get("position") + " " + s.get("name") + " " + s.get("probability") + "% " + s.get("kind")
            + (Boolean.TRUE.equals(s.get("is_unassigned")) ? " unassigned" : ""));
        for (Map<String, Object> o : Db.rows("SELECT stage_position, public_id, name, amount, currency,"
            + " expected_close_date, owner_user_id, description, version, stage_entered_at, created_at, updated_at"
            + " FROM " + Db.POSITIONED + " WHERE org_id = ? AND pipeline_stage_id = ? ORDER BY stage_position", org, s.get("id"))) {
          lines.add("    " + o.values());
        }
      }
    }
    return lines;
  }

  /** What the api-server does for POST .../imports: the job row and the uploaded bytes, in one transaction. */
  static UUID enqueueImport(UUID org, Path bundle, boolean dryRun) {
    UUID job = UUID.randomUUID();
    try (Connection c = Db.connect(); InputStream in = Files.newInputStream(bundle)) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO organizations (id) VALUES (?) ON CONFLICT DO NOTHING", org);
      exec(c, "INSERT INTO portability_jobs (org_id, id, kind, dry_run, bundle_bytes) VALUES (?, ?, 'import', ?, ?)",
          org, job, dryRun, Files.size(bundle));
      byte[] chunk = new byte[1 << 20];
      int seq = 0;
      int n;
      while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
        exec(c, "INSERT INTO portability_job_chunks (org_id, job_id, part, seq, data) VALUES (?, ?, 'input', ?, ?)",
            org, job, seq++, java.util.Arrays.copyOf(chunk, n));
      }
      c.commit();
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    return job;
  }

  static Map<String, Object> job(UUID org, UUID job) {
    List<Map<String, Object>> rows = Db.rows("SELECT status, counts::text AS counts, report::text AS report, error,"
        + " attempts, lease_owner FROM portability_jobs WHERE org_id = ? AND id = ?", org, job);
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }
}
