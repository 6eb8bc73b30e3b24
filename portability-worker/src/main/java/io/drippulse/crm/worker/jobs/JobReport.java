package io.drippulse.crm.worker.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.worker.Progress;
import io.drippulse.crm.worker.imports.BundleErrors;
import io.drippulse.crm.worker.imports.BundleFormatException;
import io.drippulse.crm.worker.imports.ImportTarget;
import io.drippulse.crm.worker.imports.SectionTally;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Turns a finished Spring Batch execution into the job row's counts, report and error. Steps of a restarted
 * import ran in different executions, so each step is read from its last execution in the job instance.
 */
final class JobReport {

  /** A report lists this many rejected rows; the total says how many there were. */
  static final int REJECTIONS_LISTED = 1000;

  private static final List<String> EXPORT_STEPS = List.of("exportBegin", "exportPipelines", "exportStages",
      "exportOpportunities", "exportFinish");
  private static final List<String> IMPORT_STEPS = List.of("importCheck", "importPipelines", "importStages",
      "importOpportunities");

  private final JobRepository jobRepository;
  private final JobsRepository jobs;
  private final ObjectMapper json;

  JobReport(JobRepository jobRepository, JobsRepository jobs, ObjectMapper json) {
    this.jobRepository = jobRepository;
    this.jobs = jobs;
    this.json = json;
  }

  JobOutcome outcome(PortabilityJob job, JobExecution execution, Progress progress) {
    List<StepExecution> steps = lastStepExecutions(execution.getJobInstance(), job.isExport() ? EXPORT_STEPS : IMPORT_STEPS);
    Map<String, Object> counts = new LinkedHashMap<>();
    Map<String, Object> report = new LinkedHashMap<>();
    Long bytes = null;
    if (job.isExport()) {
      for (String section : BundleFormat.SECTIONS) {
        counts.put(section, execution.getExecutionContext().getLong("rows." + section, 0L));
      }
      if (execution.getExecutionContext().containsKey("bundle_bytes")) {
        bytes = execution.getExecutionContext().getLong("bundle_bytes");
      }
    } else {
      importCounts(job, execution, steps, counts, report);
    }
    report.put("steps", stepTimings(steps));
    boolean succeeded = execution.getStatus() == BatchStatus.COMPLETED;
    return new JobOutcome(succeeded, write(counts), write(report), succeeded ? null : failure(execution), bytes,
        write(progress.toMap()));
  }

  JobOutcome crashed(Throwable error, Progress progress) {
    return new JobOutcome(false, "{}", "{}", describe(error), null, write(progress.toMap()));
  }

  private void importCounts(PortabilityJob job, JobExecution execution, List<StepExecution> steps,
                            Map<String, Object> counts, Map<String, Object> report) {
    var shared = execution.getExecutionContext();
    report.put("dry_run", job.dryRun());
    if (shared.containsKey(ImportTarget.SOURCE_ORG_KEY)) {
      String source = shared.getString(ImportTarget.SOURCE_ORG_KEY);
      report.put("source_org_id", source);
      report.put("mode", source.equals(job.orgId().toString()) ? "restore" : "copy");
    }
    for (String section : BundleFormat.SECTIONS) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("total", shared.getLong("rows." + section, 0L));
      steps.stream().filter(s -> s.getStepName().equals("import" + capitalized(section))).findFirst()
          .ifPresentOrElse(s -> c.putAll(SectionTally.read(s.getExecutionContext())),
              () -> c.putAll(Map.of(SectionTally.CREATED, 0L, SectionTally.EXISTING, 0L, SectionTally.REJECTED, 0L)));
      counts.put(section, c);
    }
    long rejected = counts.values().stream().mapToLong(c -> (Long) ((Map<?, ?>) c).get(SectionTally.REJECTED)).sum();
    report.put("rejected_total", rejected);
    report.put("rejected", jobs.rejections(job, REJECTIONS_LISTED));
  }

  private List<StepExecution> lastStepExecutions(JobInstance instance, List<String> names) {
    List<StepExecution> steps = new ArrayList<>();
    for (String name : names) {
      StepExecution step = jobRepository.getLastStepExecution(instance, name);
      if (step != null) {
        steps.add(step);
      }
    }
    return steps;
  }

  private static List<Map<String, Object>> stepTimings(List<StepExecution> steps) {
    List<Map<String, Object>> timings = new ArrayList<>();
    for (StepExecution step : steps) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", step.getStepName());
      t.put("status", step.getStatus().name().toLowerCase(java.util.Locale.ROOT));
      t.put("read", step.getReadCount());
      t.put("written", step.getWriteCount());
      t.put("commits", step.getCommitCount());
      t.put("duration_ms", millis(step.getStartTime(), step.getEndTime()));
      timings.add(t);
    }
    return timings;
  }

  private static Long millis(LocalDateTime start, LocalDateTime end) {
    return start == null || end == null ? null : Duration.between(start, end).toMillis();
  }

  /** A sentence for the user: a bundle problem as found, anything else without internals. */
  private static String failure(JobExecution execution) {
    if (execution.getStatus() == BatchStatus.STOPPED) {
      return "the job was stopped";
    }
    return execution.getAllFailureExceptions().stream().findFirst().map(JobReport::describe)
        .orElse("the job failed: " + execution.getExitStatus().getExitDescription());
  }

  static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BundleFormatException) {
        return t.getMessage();
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException json) {
        return BundleErrors.of(json, null).getMessage();
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return "the job failed on a database error (SQLSTATE " + sql.getSQLState() + "); the worker log has the details";
      }
    }
    // anything else is the worker's own failure: its class and message are for the log, not the user
    return "the job failed inside the worker; the worker log has the details";
  }

  private static String capitalized(String section) {
    return Character.toUpperCase(section.charAt(0)) + section.substring(1);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job report is plain maps and numbers", e);
    }
  }
}
