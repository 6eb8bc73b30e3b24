package io.drippulse.crm.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.worker.jobs.JobRunner;
import io.drippulse.crm.worker.jobs.JobsRepository;
import io.drippulse.crm.worker.jobs.PortabilityJob;
import io.drippulse.crm.worker.jobs.WorkerIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/**
 * The one-shot commands. {@code export} and {@code import} run their job in this process, recorded in the
 * job table like any other (origin 'cli'); an import killed midway is resumed by running the same command
 * again. An import creates its organization if needed (the job row refers to it); a dry run, or an import
 * that fails having written nothing, into an organization that did not exist removes it again with the job's
 * record, so it leaves nothing behind. {@code enqueue-export} only queues jobs for {@code serve} workers
 * (the scheduled-export CronJob).
 */
final class CliCommands {

  private static final int REJECTIONS_PRINTED = 20;

  private final JobsRepository jobs;
  private final JobRunner runner;
  private final WorkerConfig config;
  private final WorkerIdentity identity;
  private final Progress progress;
  private final ObjectMapper json;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  CliCommands(ApplicationContext context) {
    this.jobs = context.getBean(JobsRepository.class);
    this.runner = context.getBean(JobRunner.class);
    this.config = context.getBean(WorkerConfig.class);
    this.identity = context.getBean(WorkerIdentity.class);
    this.progress = context.getBean(Progress.class);
    this.json = context.getBean(ObjectMapper.class);
  }

  int run(Command command) {
    return switch (command.name()) {
      case "export" -> export(command);
      case "import" -> importBundle(command);
      case "enqueue-export" -> enqueueExports(command);
      default -> throw new IllegalArgumentException("not a one-shot command: " + command.name());
    };
  }

  private int export(Command command) {
    if (!jobs.organizationExists(command.org())) {
      err.println("portability-worker: organization " + command.org() + " does not exist");
      return 1;
    }
    if (command.file().getParent() != null && !Files.isDirectory(command.file().getParent())) {
      err.println("portability-worker: directory " + command.file().getParent() + " does not exist");
      return 1;
    }
    PortabilityJob job = jobs.createCliJob(command.org(), Ids.newId(), PortabilityJob.EXPORT, false,
        command.file().toString(), null, identity.id(), config.leaseSeconds());
    return exitCode(runAndReport(job));
  }

  private int importBundle(Command command) {
    long size;
    try {
      size = Files.size(command.file());
    } catch (IOException e) {
      err.println("portability-worker: cannot read " + command.file() + ": " + e.getMessage());
      return 1;
    }
    String file = command.file().toString();
    boolean newOrganization = jobs.ensureOrganization(command.org());
    expireDeadLocalLeases();
    PortabilityJob job = jobs.inTransaction(() -> jobs.resumeCliImport(command.org(), file, command.dryRun(), size,
            identity.id(), config.leaseSeconds())
        .orElseGet(() -> jobs.createCliJob(command.org(), Ids.newId(), PortabilityJob.IMPORT, command.dryRun(), file,
            size, identity.id(), config.leaseSeconds())));
    if (job.attempts() > 1) {
      err.println("resuming import job " + job.id() + ", interrupted earlier");
    }
    JobRunner.Result result = runAndReport(job);
    // a failed import that did write rows keeps its organization: the rows' foreign keys refuse the delete
    boolean nothingToKeep = result == JobRunner.Result.FAILED
        || command.dryRun() && result == JobRunner.Result.SUCCEEDED;
    if (newOrganization && nothingToKeep && jobs.forgetWithOrganization(job)) {
      err.println("organization " + command.org() + " did not exist and nothing was imported into it, so neither it nor"
          + " the job's record was kept");
    }
    return exitCode(result);
  }

  private void expireDeadLocalLeases() {
    for (String[] lease : jobs.localLeases(identity.hostPattern())) {
      if (identity.isDeadLocalProcess(lease[2])) {
        jobs.expireLease(UUID.fromString(lease[0]), UUID.fromString(lease[1]), lease[2]);
      }
    }
  }

  private int enqueueExports(Command command) {
    List<UUID> unknown = command.orgs().stream().filter(org -> !jobs.organizationExists(org)).toList();
    if (!unknown.isEmpty()) {
      err.println("portability-worker: no such organization: " + unknown + "; nothing was queued");
      return 1;
    }
    List<UUID> queued = new ArrayList<>();
    jobs.inTransaction(() -> {
      for (UUID org : command.orgs()) {
        UUID id = Ids.newId();
        jobs.enqueueExport(org, id);
        queued.add(id);
      }
      return null;
    });
    for (int i = 0; i < queued.size(); i++) {
      out.println("queued export job " + queued.get(i) + " for organization " + command.orgs().get(i));
    }
    return 0;
  }

  private static int exitCode(JobRunner.Result result) {
    return result == JobRunner.Result.SUCCEEDED ? 0 : 1;
  }

  private JobRunner.Result runAndReport(PortabilityJob job) {
    JobRunner.Result result;
    try (AutoCloseable line = ProgressLine.start(progress)) {
      result = runner.run(job);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (result == JobRunner.Result.RELEASED) {
      err.println("portability-worker: " + job.kind() + " job " + job.id() + " did not finish (it lost its database"
          + " connection or its lease); " + (job.isExport() ? "run the export again" : "run the same command again to"
          + " resume it"));
      return result;
    }
    JobsRepository.Summary summary = jobs.summary(job);
    out.println(job.kind() + " job " + job.id() + " " + summary.status()
        + (summary.bundleBytes() == null ? "" : ", " + summary.bundleBytes() + " bytes"));
    out.println("counts: " + summary.countsJson());
    printRejections(summary.reportJson());
    if (summary.error() != null) {
      err.println("portability-worker: " + summary.error());
    }
    return result;
  }

  private void printRejections(String reportJson) {
    try {
      JsonNode report = json.readTree(reportJson);
      long total = report.path("rejected_total").asLong(0);
      if (total == 0) {
        return;
      }
      out.println("rejected rows: " + total);
      int shown = 0;
      for (JsonNode row : report.path("rejected")) {
        if (shown++ == REJECTIONS_PRINTED) {
          out.println("  ... (the job report lists up to 1000)");
          break;
        }
        out.println("  " + row.path("section").asText() + "[" + row.path("index").asLong() + "] " + row.path("reason").asText());
      }
    } catch (IOException e) {
      err.println("portability-worker: the job report is not readable: " + e.getMessage());
    }
  }
}
