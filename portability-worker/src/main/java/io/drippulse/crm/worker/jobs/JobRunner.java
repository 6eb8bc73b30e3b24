package io.drippulse.crm.worker.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.worker.metrics.WorkerMetrics;
import java.time.Duration;
import java.util.Locale;
import io.drippulse.crm.worker.JobParams;
import io.drippulse.crm.worker.Progress;
import io.drippulse.crm.worker.WorkerConfig;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Runs one claimed job through Spring Batch and records how it ended. An import is one job instance for its
 * whole life: if an earlier process died running it, that execution is still marked STARTED, so it is
 * first recovered (marked FAILED) and then restarted, which resumes every step at its last commit.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** How a run ended for the caller: the CLI's exit code, serve's next move. RELEASED: unfinished, to resume. */
  public enum Result { SUCCEEDED, FAILED, RELEASED }

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final Job exportJob;
  private final Job importJob;
  private final JobsRepository jobs;
  private final RunningExecution running;
  private final Progress progress;
  private final WorkerConfig config;
  private final String owner;
  private final ObjectMapper json;
  private final JobReport report;
  private final WorkerMetrics metrics;

  public JobRunner(JobOperator jobOperator, JobRepository jobRepository, Job exportJob, Job importJob,
                   JobsRepository jobs, RunningExecution running, Progress progress, WorkerConfig config,
                   WorkerIdentity identity, ObjectMapper json, WorkerMetrics metrics) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.exportJob = exportJob;
    this.importJob = importJob;
    this.jobs = jobs;
    this.running = running;
    this.progress = progress;
    this.config = config;
    this.owner = identity.id();
    this.json = json;
    this.report = new JobReport(jobRepository, jobs, json);
    this.metrics = metrics;
  }

  public Result run(PortabilityJob job) {
    long started = System.nanoTime();
    Result result = runOnce(job);
    metrics.jobRan(job.kind(), result.name().toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - started));
    return result;
  }

  private Result runOnce(PortabilityJob job) {
    LOG.info("{} job {} of org {} (attempt {}){}", job.kind(), job.id(), job.orgId(), job.attempts(),
        job.dryRun() ? ", dry run" : "");
    if (job.attempts() > config.maxAttempts()) {
      return finish(job, new JobOutcome(false, "{}", "{}", "gave up after " + config.maxAttempts() + " attempts: each"
          + " ended without the job finishing (the worker was killed, or lost its lease or its database connection)",
          null, "{}"));
    }
    progress.phase("starting", 0);
    try (Lease lease = new Lease(job, jobs, owner, config.leaseSeconds(), progress, json, this::stopRunning)) {
      JobExecution execution = launch(job);
      if (execution.getStatus() == BatchStatus.STOPPED) {
        return handBack(job, true, "it stopped at a chunk boundary");
      }
      if (execution.getStatus() != BatchStatus.COMPLETED) {
        execution.getAllFailureExceptions().forEach(e -> LOG.warn("job {} ended {}", job.id(), execution.getStatus(), e));
        if (ConnectionLoss.causedAny(execution.getAllFailureExceptions())) {
          return handBack(job, false, "it lost its database connection");
        }
      }
      return finish(job, report.outcome(job, execution, progress));
    } catch (Exception e) {
      if (ConnectionLoss.caused(e)) {
        LOG.warn("job {} lost its database connection", job.id(), e);
        return handBack(job, false, "it lost its database connection");
      }
      LOG.error("job {} could not run", job.id(), e);
      return finish(job, report.crashed(e, progress));
    }
  }

  /**
   * A job that did not finish goes back to the queue, to resume where it stopped. A CLI job is left running
   * instead (no serve worker takes it): its lease runs out and the same command resumes it.
   */
  private Result handBack(PortabilityJob job, boolean graceful, String why) {
    if (PortabilityJob.CLI.equals(job.origin())) {
      LOG.warn("{} job {} did not finish: {}", job.kind(), job.id(), why);
      return Result.RELEASED;
    }
    try {
      if (jobs.release(job, owner, json.writeValueAsString(progress.toMap()), graceful)) {
        LOG.info("job {} went back to the queue: {}", job.id(), why);
      } else {
        LOG.warn("job {} did not finish ({}) and another worker holds it now", job.id(), why);
      }
    } catch (Exception e) {
      LOG.warn("job {} did not finish ({}) and could not be handed back; its lease will hand it on", job.id(), why, e);
    }
    return Result.RELEASED;
  }

  /** Asks the execution this process runs to stop at its next chunk boundary (SIGTERM, lost lease). */
  public void stopRunning() {
    running.id().ifPresent(id -> {
      try {
        JobExecution fresh = jobRepository.getJobExecution(id);
        if (fresh != null && fresh.isRunning()) {
          jobOperator.stop(fresh);
        }
      } catch (Exception e) {
        LOG.warn("could not ask execution {} to stop", id, e);
      }
    });
  }

  private JobExecution launch(PortabilityJob job) throws Exception {
    Job batchJob = job.isExport() ? exportJob : importJob;
    JobParameters parameters = parameters(job);
    JobExecution last = jobRepository.getLastJobExecution(batchJob.getName(), parameters);
    if (last != null) {
      last = jobRepository.getJobExecution(last.getId());
      if (last.getStatus().isRunning()) {
        LOG.info("job {}: execution {} was left {} by a worker that died; recovering it", job.id(), last.getId(),
            last.getStatus());
        last = jobOperator.recover(last);
      }
      settleUnknown(job, last);
      if (last.getStatus() == BatchStatus.COMPLETED) {
        return last;
      }
      return jobOperator.restart(last);
    }
    return jobOperator.start(batchJob, parameters);
  }

  /**
   * Spring Batch marks a chunk's outcome UNKNOWN when its rollback failed too (the connection was gone), and
   * refuses to restart from it. For our steps that is safe: a chunk's rows and the step's checkpoint commit in
   * one transaction, so however that transaction ended, resuming from the stored checkpoint neither repeats
   * nor loses a row. Recorded as FAILED, the execution restarts like any other.
   */
  private void settleUnknown(PortabilityJob job, JobExecution last) {
    boolean settled = false;
    for (StepExecution step : last.getStepExecutions()) {
      if (step.getStatus() == BatchStatus.UNKNOWN) {
        step.setStatus(BatchStatus.FAILED);
        jobRepository.update(step);
        settled = true;
      }
    }
    if (last.getStatus() == BatchStatus.UNKNOWN) {
      last.setStatus(BatchStatus.FAILED);
      jobRepository.update(last);
      settled = true;
    }
    if (settled) {
      LOG.info("job {}: execution {} ended with an unknown chunk outcome; resuming from its last checkpoint", job.id(),
          last.getId());
    }
  }

  private JobParameters parameters(PortabilityJob job) {
    JobParametersBuilder builder = new JobParametersBuilder()
        .addString(JobParams.JOB_ID, job.id().toString(), true)
        .addString(JobParams.ORG_ID, job.orgId().toString(), false)
        .addString(JobParams.DRY_RUN, Boolean.toString(job.dryRun()), false);
    if (job.isExport()) {
      builder.addString(JobParams.RUN, UUID.randomUUID().toString(), true)
          .addString(JobParams.LEASE_OWNER, owner, false)
          .addLong(JobParams.ATTEMPT, (long) job.attempts(), false);
    }
    if (job.requestedBy() != null) {
      builder.addString(JobParams.REQUESTED_BY, job.requestedBy(), false);
    }
    if (job.localFile() != null) {
      builder.addString(JobParams.LOCAL_FILE, job.localFile(), false);
    }
    return builder.toJobParameters();
  }

  private Result finish(PortabilityJob job, JobOutcome outcome) {
    if (!jobs.finish(job, owner, outcome)) {
      LOG.warn("job {} ended but another worker holds it now; its outcome is theirs to record", job.id());
    }
    LOG.info("job {} {}{}", job.id(), outcome.succeeded() ? "succeeded" : "failed",
        outcome.error() == null ? "" : ": " + outcome.error());
    return outcome.succeeded() ? Result.SUCCEEDED : Result.FAILED;
  }
}
