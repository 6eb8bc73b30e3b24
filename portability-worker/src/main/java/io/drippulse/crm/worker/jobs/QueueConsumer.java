package io.drippulse.crm.worker.jobs;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.worker.WorkerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}: claims jobs one at a time until told to stop. It sleeps on LISTEN portability_jobs (the
 * table's trigger notifies when a job becomes claimable) and polls anyway every JOB_POLL_SECONDS, which
 * covers missed notifications and leases running out.
 */
public final class QueueConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  private static final String CHANNEL = "portability_jobs";
  private static final int SLICE_MILLIS = 250;
  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final JobsRepository jobs;
  private final JobRunner runner;
  private final WorkerConfig config;
  private final WorkerIdentity identity;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  private long nextSweep = System.nanoTime();
  private Connection listener;

  public QueueConsumer(JobsRepository jobs, JobRunner runner, WorkerConfig config, WorkerIdentity identity) {
    this.jobs = jobs;
    this.runner = runner;
    this.config = config;
    this.identity = identity;
  }

  public void serve() {
    LOG.info("worker {} serving the portability job queue", identity.id());
    try {
      while (!stopping) {
        Optional<PortabilityJob> job = claim();
        if (job.isEmpty()) {
          awaitWork();
        } else {
          handle(job.get());
        }
      }
    } finally {
      closeListener();
      finished.countDown();
      LOG.info("worker {} stopped serving", identity.id());
    }
  }

  /** One job must not end the worker: if even its outcome cannot be recorded, its lease hands it on later. */
  private void handle(PortabilityJob job) {
    try {
      if (stopping) {
        jobs.release(job, identity.id(), "{}", true);
      } else {
        runner.run(job);
      }
    } catch (RuntimeException e) {
      LOG.error("job {}: could not run it or record how it ended; it goes to a worker again once its lease runs out",
          job.id(), e);
      awaitWork();
    }
  }

  /** SIGTERM: take no new job, stop the running one at a chunk boundary (it goes back to the queue), wait. */
  public boolean shutdown(Duration grace) {
    stopping = true;
    runner.stopRunning();
    try {
      return finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Optional<PortabilityJob> claim() {
    try {
      expireDeadLocalLeases();
      failAbandonedCliJobs();
      return jobs.claim(identity.id(), config.leaseSeconds());
    } catch (RuntimeException e) {
      LOG.warn("could not claim a job; will try again", e);
      return Optional.empty();
    }
  }

  /** A job whose owner was a process of this host that is gone (kill -9) need not wait for its lease to run out. */
  private void expireDeadLocalLeases() {
    for (String[] lease : jobs.localLeases(identity.hostPattern())) {
      if (!lease[2].equals(identity.id()) && identity.isDeadLocalProcess(lease[2])) {
        LOG.info("job {} was held by {}, which is no longer running; taking it over", lease[1], lease[2]);
        jobs.expireLease(UUID.fromString(lease[0]), UUID.fromString(lease[1]), lease[2]);
      }
    }
  }

  /** Queue workers never run CLI jobs, but they end the ones nobody will resume; once a minute is plenty. */
  private void failAbandonedCliJobs() {
    if (System.nanoTime() - nextSweep < 0) {
      return;
    }
    nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
    long failed = jobs.failAbandonedCliJobs(config.cliResumeWindow());
    if (failed > 0) {
      LOG.info("marked {} command-line job(s) failed: interrupted, and not run again within {} (CLI_RESUME_WINDOW)",
          failed, config.cliResumeWindow());
    }
  }

  private void awaitWork() {
    long deadline = System.nanoTime() + Duration.ofSeconds(config.pollSeconds()).toNanos();
    while (!stopping && System.nanoTime() < deadline) {
      try {
        PGNotification[] notifications = listener().getNotifications(SLICE_MILLIS);
        if (notifications != null && notifications.length > 0) {
          return;
        }
      } catch (SQLException e) {
        LOG.warn("lost the LISTEN connection; polling until it is back", e);
        closeListener();
        pause();
      }
    }
  }

  private PGConnection listener() throws SQLException {
    if (listener == null) {
      DatabaseUrl url = config.databaseUrl();
      Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
      try (Statement st = c.createStatement()) {
        st.execute("LISTEN " + CHANNEL);
      }
      listener = c;
    }
    return listener.unwrap(PGConnection.class);
  }

  private void closeListener() {
    if (listener != null) {
      try {
        listener.close();
      } catch (SQLException e) {
        LOG.debug("closing the LISTEN connection", e);
      }
      listener = null;
    }
  }

  private void pause() {
    try {
      Thread.sleep(SLICE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }
}
