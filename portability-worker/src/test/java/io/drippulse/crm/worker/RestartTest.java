package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with kill -9 in the middle of an import, and started again, finishes the job: every row
 * exactly once, positions dense and in bundle order, one first stage transition per deal.
 */
class RestartTest {

  private static final int OPPORTUNITIES = 120_000;
  private static final UUID SOURCE = UUID.randomUUID();
  private static File bundle;

  @BeforeAll
  static void generate() {
    bundle = WorkerProcess.tempFile(".json");
    BigBundle.write(bundle, SOURCE, OPPORTUNITIES);
  }

  private static long imported(UUID org) {
    return Db.count("SELECT count(*) FROM opportunities WHERE org_id = ?", org);
  }

  @Test
  void aQueuedImportWhoseWorkerIsKilledMidwayIsFinishedByTheNextWorker() {
    UUID target = UUID.randomUUID();
    UUID job = Fixtures.enqueueImport(target, bundle.toPath(), false);

    try (WorkerProcess first = WorkerProcess.start("serve")) {
      Await.until(Duration.ofMinutes(2), "the first worker to import some rows", () -> imported(target) >= 10_000);
      first.kill();
    }
    long atKill = imported(target);
    assertThat(atKill).as("killed midway").isLessThan(OPPORTUNITIES);
    assertThat(Fixtures.job(target, job).get("status")).isEqualTo("running");

    try (WorkerProcess second = WorkerProcess.start("serve")) {
      Await.until(Duration.ofMinutes(3), "the job to succeed",
          () -> "succeeded".equals(Fixtures.job(target, job).get("status")));
    }

    assertExactlyOnce(target);
    Map<String, Object> row = Fixtures.job(target, job);
    assertThat((Integer) row.get("attempts")).isEqualTo(2);
    assertThat((String) row.get("counts")).contains("\"opportunities\": {\"total\": " + OPPORTUNITIES + ", \"created\": "
        + OPPORTUNITIES + ", \"existing\": 0, \"rejected\": 0}");
    assertThat(Db.rows("SELECT e.status FROM batch_job_execution e JOIN batch_job_execution_params p"
        + " ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'job_id' WHERE p.parameter_value = ?"
        + " ORDER BY e.job_execution_id", job.toString()))
        .containsExactly(Map.of("status", "FAILED"), Map.of("status", "COMPLETED"));
  }

  @Test
  void aQueuedImportThatLosesItsDatabaseConnectionsGoesBackToTheQueueAndFinishes() {
    UUID target = UUID.randomUUID();
    UUID job = Fixtures.enqueueImport(target, bundle.toPath(), false);

    try (WorkerProcess worker = WorkerProcess.start("serve")) {
      Await.until(Duration.ofMinutes(2), "the worker to import some rows", () -> imported(target) >= 10_000);
      assertThat(Db.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND application_name = 'drippulse-portability-worker') AS cut"))
          .as("the worker's pooled connections").isPositive();
      Await.until(Duration.ofMinutes(3), "the job to succeed",
          () -> "succeeded".equals(Fixtures.job(target, job).get("status")));
      assertThat(worker.isAlive()).as("one job's failure does not end the worker").isTrue();
      assertThat(worker.stderr()).contains("lost its database connection");
    }

    assertExactlyOnce(target);
    assertThat(Fixtures.job(target, job).get("error")).isNull();
  }

  @Test
  void aCliImportKilledMidwayIsResumedByRunningTheSameCommandAgain() {
    UUID target = UUID.randomUUID();
    String[] command = {"import", "--org", target.toString(), "--in", bundle.getPath()};

    try (WorkerProcess first = WorkerProcess.start(command)) {
      Await.until(Duration.ofMinutes(2), "the first run to import some rows", () -> imported(target) >= 10_000);
      first.kill();
    }
    assertThat(imported(target)).as("killed midway").isLessThan(OPPORTUNITIES);

    WorkerProcess.Result again = WorkerProcess.run(command);

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.stderr()).contains("resuming import job");
    assertExactlyOnce(target);
    assertThat(Db.count("SELECT count(*) FROM portability_jobs WHERE org_id = ?", target)).isOne();
  }

  /**
   * The one moment two commits are not atomic: a chunk's first half, written on the import's second
   * connection, has committed and the chunk itself has not. The process halts exactly there.
   */
  @Test
  void anImportKilledBetweenAChunksTwoCommitsCountsAndPlacesEveryRowOnce() {
    UUID target = UUID.randomUUID();
    String[] command = {"import", "--org", target.toString(), "--in", bundle.getPath()};

    WorkerProcess.Result halted = WorkerProcess.run(Map.of("WORKER_FAILPOINT_HALT_AFTER_HALVES", "3"), command);

    assertThat(halted.exitCode()).as(halted.toString()).isEqualTo(137);
    assertThat(Db.count("SELECT count(*) FROM portability_job_halves WHERE org_id = ?", target))
        .as("a half committed without its chunk").isPositive();
    WorkerProcess.Result again = WorkerProcess.run(command);

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertExactlyOnce(target);
    assertThat(again.stdout()).contains("\"opportunities\": {\"total\": " + OPPORTUNITIES + ", \"created\": "
        + OPPORTUNITIES + ", \"existing\": 0, \"rejected\": 0}");
    assertThat(Db.count("SELECT count(*) FROM portability_job_halves WHERE org_id = ?", target)).isZero();
  }

  private static void assertExactlyOnce(UUID target) {
    assertThat(imported(target)).isEqualTo(OPPORTUNITIES);
    assertThat(Db.count("SELECT count(DISTINCT public_id) FROM opportunities WHERE org_id = ?", target))
        .isEqualTo(OPPORTUNITIES);
    assertThat(Db.count("SELECT count(*) FROM stage_transitions WHERE org_id = ?", target)).isEqualTo(OPPORTUNITIES);
    assertThat(BigBundle.denseAndInBundleOrder(target)).isTrue();
    assertThat(Db.ranksMatchCards(target)).as("every card has its rank, in its own stage").isTrue();
    assertThat(Db.totalsMatchCards(target)).as("stage totals equal a GROUP BY").isTrue();
    assertThat(Db.count("SELECT count(*) FROM portability_job_id_map WHERE org_id = ?", target)).isZero();
  }
}
