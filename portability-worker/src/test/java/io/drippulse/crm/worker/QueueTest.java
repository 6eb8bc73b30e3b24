package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** serve: the job table as a queue shared by several workers, leases, and a graceful stop. */
class QueueTest {

  private static boolean finished(UUID org, UUID job) {
    Object status = Fixtures.job(org, job).get("status");
    return "succeeded".equals(status) || "failed".equals(status);
  }

  @Test
  void scheduledExportsAreRunExactlyOnceByCompetingWorkers() throws Exception {
    List<UUID> orgs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      UUID org = UUID.randomUUID();
      Fixtures.seedSample(org, 2 + i);
      orgs.add(org);
    }
    List<String> args = new ArrayList<>(List.of("enqueue-export"));
    orgs.forEach(org -> args.addAll(List.of("--org", org.toString())));
    WorkerProcess.Result queued = WorkerProcess.run(args.toArray(String[]::new));
    assertThat(queued.exitCode()).as(queued.toString()).isZero();
    assertThat(queued.stdout().lines().filter(l -> l.startsWith("queued export job"))).hasSize(4);

    try (WorkerProcess a = WorkerProcess.start("serve"); WorkerProcess b = WorkerProcess.start("serve")) {
      Await.until(Duration.ofMinutes(2), "all four exports to finish", () -> orgs.stream().allMatch(org ->
          Db.count("SELECT count(*) FROM portability_jobs WHERE org_id = ? AND status = 'succeeded'", org) == 1));
    }

    for (int i = 0; i < orgs.size(); i++) {
      UUID org = orgs.get(i);
      Map<String, Object> job = Db.rows("SELECT id, attempts, origin, bundle_bytes FROM portability_jobs WHERE org_id = ?", org).get(0);
      assertThat(job.get("attempts")).isEqualTo(1);
      assertThat(job.get("origin")).isEqualTo("schedule");
      byte[] bytes = output(org, (UUID) job.get("id"));
      assertThat((long) bytes.length).isEqualTo(job.get("bundle_bytes"));
      JsonNode bundle = BundleFormat.mapper().readTree(bytes);
      assertThat(bundle.get("source_org_id").asText()).isEqualTo(org.toString());
      assertThat(bundle.get("opportunities").size()).isEqualTo(18 * (2 + i));
    }
  }

  @Test
  void anExportForAnUnknownOrganizationIsNotQueued() {
    WorkerProcess.Result result = WorkerProcess.run("enqueue-export", "--org", UUID.randomUUID().toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("no such organization");
  }

  @Test
  void aJobWhoseLeaseRanOutOnAnotherHostIsTakenOver() {
    UUID org = UUID.randomUUID();
    Fixtures.seedSample(org, 1);
    UUID job = UUID.randomUUID();
    Db.update("INSERT INTO portability_jobs (org_id, id, kind, origin, status, attempts, lease_owner, lease_expires_at,"
        + " started_at) VALUES (?, ?, 'export', 'api', 'running', 1, 'gone-host:1:1', now() - interval '1 second', now())",
        org, job);

    try (WorkerProcess worker = WorkerProcess.start("serve")) {
      Await.until(Duration.ofMinutes(1), "the abandoned job to finish", () -> finished(org, job));
    }

    assertThat(Fixtures.job(org, job)).containsEntry("status", "succeeded").containsEntry("attempts", 2);
  }

  @Test
  void aCliJobInterruptedLongAgoIsMarkedFailedAndARecentOneStaysResumable() {
    UUID org = UUID.randomUUID();
    Fixtures.seedSample(org, 0);
    UUID abandoned = cliImport(org, "25 hours");
    UUID resumable = cliImport(org, "1 minute");
    Db.update("INSERT INTO portability_job_id_map (org_id, job_id, kind, source_id, target_id, name)"
        + " VALUES (?, ?, 'pipeline', ?, ?, 'Sales')", org, abandoned, UUID.randomUUID(), UUID.randomUUID());

    try (WorkerProcess worker = WorkerProcess.start("serve")) {
      Await.until(Duration.ofMinutes(1), "the abandoned CLI job to be failed", () -> finished(org, abandoned));
    }

    Map<String, Object> failed = Fixtures.job(org, abandoned);
    assertThat(failed).containsEntry("status", "failed").containsEntry("lease_owner", null);
    assertThat((String) failed.get("error")).contains("was not run again within 24 hours");
    assertThat(Db.count("SELECT count(*) FROM portability_job_id_map WHERE org_id = ? AND job_id = ?", org, abandoned))
        .isZero();
    assertThat(Fixtures.job(org, resumable)).containsEntry("status", "running").containsEntry("attempts", 1);
  }

  private static UUID cliImport(UUID org, String leaseExpiredAgo) {
    UUID job = UUID.randomUUID();
    Db.update("INSERT INTO portability_jobs (org_id, id, kind, origin, local_file, status, attempts, lease_owner,"
        + " lease_expires_at, started_at) VALUES (?, ?, 'import', 'cli', '/tmp/" + job + ".json', 'running', 1,"
        + " 'gone-host:1:1', now() - ?::interval, now() - ?::interval)", org, job, leaseExpiredAgo, leaseExpiredAgo);
    return job;
  }

  @Test
  void sigtermStopsTheRunningImportAtAChunkBoundaryAndHandsItBack() {
    UUID source = UUID.randomUUID();
    File bundle = WorkerProcess.tempFile(".json");
    BigBundle.write(bundle, source, 120_000);
    UUID target = UUID.randomUUID();
    UUID job = Fixtures.enqueueImport(target, bundle.toPath(), false);
    Map<String, String> oneAttempt = Map.of("JOB_MAX_ATTEMPTS", "1");

    try (WorkerProcess worker = WorkerProcess.start(oneAttempt, "serve")) {
      Await.until(Duration.ofMinutes(2), "rows to arrive",
          () -> Db.count("SELECT count(*) FROM opportunities WHERE org_id = ?", target) >= 5_000);
      worker.terminate();
      WorkerProcess.Result stopped = worker.awaitExit(Duration.ofSeconds(60));
      assertThat(stopped.stderr()).contains("stop requested");
    }
    Map<String, Object> handedBack = Fixtures.job(target, job);
    assertThat(handedBack.get("status")).as(handedBack.toString()).isIn("queued", "succeeded");
    assertThat(handedBack.get("lease_owner")).isNull();
    if ("queued".equals(handedBack.get("status"))) {
      assertThat(handedBack.get("attempts")).as("a graceful hand-back is not an attempt").isEqualTo(0);
    }

    try (WorkerProcess next = WorkerProcess.start(oneAttempt, "serve")) {
      Await.until(Duration.ofMinutes(3), "the job to finish", () -> finished(target, job));
    }
    assertThat(Fixtures.job(target, job)).as("handed back, then finished").containsEntry("status", "succeeded")
        .containsEntry("attempts", 1);
    assertThat(Db.count("SELECT count(*) FROM opportunities WHERE org_id = ?", target)).isEqualTo(120_000);
    assertThat(BigBundle.denseAndInBundleOrder(target)).isTrue();
    assertThat(Db.ranksMatchCards(target)).as("every card has its rank, in its own stage").isTrue();
    assertThat(Db.totalsMatchCards(target)).as("stage totals equal a GROUP BY").isTrue();
  }

  private static byte[] output(UUID org, UUID job) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map<String, Object> chunk : Db.rows("SELECT data FROM portability_job_chunks WHERE org_id = ? AND job_id = ?"
        + " AND part = 'output' ORDER BY seq", org, job)) {
      out.writeBytes((byte[]) chunk.get("data"));
    }
    return out.toByteArray();
  }
}
