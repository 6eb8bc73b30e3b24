package io.drippulse.crm.worker.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.BundleRows;
import io.drippulse.crm.model.bundle.BundleStage;
import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.JobParams;
import io.drippulse.crm.worker.Progress;
import io.drippulse.crm.worker.jobs.RunningExecution;
import io.drippulse.crm.worker.storage.BundleSource;
import io.drippulse.crm.worker.storage.ChunksRepository;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The import job: check the whole bundle (nothing is written if it is not a bundle), then pipelines,
 * stages and opportunities, each a chunk step whose reader position, tallies, rejections and rows commit
 * together. A restart after a crash resumes every step at its last commit.
 */
@Configuration
public class ImportJobConfiguration {

  public static final String JOB_NAME = "portabilityImport";
  public static final String ROWS_KEY_PREFIX = "rows.";
  private static final int SMALL_CHUNK = 100;
  private static final int OPPORTUNITY_CHUNK = 2000;

  @Bean
  public Job importJob(JobRepository jobRepository, RunningExecution running, Step importCheck, Step importPipelines,
                       Step importStages, Step importOpportunities) {
    return new JobBuilder(JOB_NAME, jobRepository).listener(running)
        .start(importCheck).next(importPipelines).next(importStages).next(importOpportunities).build();
  }

  @Bean
  public Step importCheck(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          ChunksRepository chunks, ObjectMapper bundleMapper, Progress progress) {
    return new StepBuilder("importCheck", jobRepository).tasklet((contribution, context) -> {
      JobExecution job = context.getStepContext().getStepExecution().getJobExecution();
      progress.phase("check bundle", 0);
      BundleSummary summary;
      try (InputStream in = source(job, chunks).open()) {
        summary = BundleChecker.check(in, bundleMapper);
      }
      ExecutionContext shared = job.getExecutionContext();
      shared.putString(ImportTarget.SOURCE_ORG_KEY, summary.sourceOrgId().toString());
      for (String section : BundleFormat.SECTIONS) {
        shared.putLong(ROWS_KEY_PREFIX + section, summary.rows(section));
      }
      return RepeatStatus.FINISHED;
    }, transactionManager).build();
  }

  @Bean
  public Step importPipelines(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              ItemStreamReader<BundleItem> pipelineRows,
                              ItemStreamWriter<Checked<BundlePipeline>> pipelineImporter) {
    return new StepBuilder("importPipelines", jobRepository).<BundleItem, Checked<BundlePipeline>>chunk(SMALL_CHUNK)
        .transactionManager(transactionManager).reader(pipelineRows)
        .processor(item -> BundleRows.pipeline(item.index(), item.node())).writer(pipelineImporter).build();
  }

  @Bean
  public Step importStages(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           ItemStreamReader<BundleItem> stageRows, ItemStreamWriter<Checked<BundleStage>> stageImporter) {
    return new StepBuilder("importStages", jobRepository).<BundleItem, Checked<BundleStage>>chunk(SMALL_CHUNK)
        .transactionManager(transactionManager).reader(stageRows)
        .processor(item -> BundleRows.stage(item.index(), item.node())).writer(stageImporter).build();
  }

  @Bean
  public Step importOpportunities(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  ItemStreamReader<BundleItem> opportunityRows,
                                  ItemStreamWriter<Checked<BundleOpportunity>> opportunityImporter) {
    return new StepBuilder("importOpportunities", jobRepository)
        .<BundleItem, Checked<BundleOpportunity>>chunk(OPPORTUNITY_CHUNK)
        .transactionManager(transactionManager).reader(opportunityRows)
        .processor(item -> BundleRows.opportunity(item.index(), item.node())).writer(opportunityImporter).build();
  }

  @Bean
  @StepScope
  public BundleSectionReader pipelineRows(@Value("#{stepExecution}") StepExecution step,
                                                   ChunksRepository chunks, ObjectMapper bundleMapper, Progress progress) {
    return rows(step, BundleFormat.PIPELINES, chunks, bundleMapper, progress);
  }

  @Bean
  @StepScope
  public BundleSectionReader stageRows(@Value("#{stepExecution}") StepExecution step,
                                                ChunksRepository chunks, ObjectMapper bundleMapper, Progress progress) {
    return rows(step, BundleFormat.STAGES, chunks, bundleMapper, progress);
  }

  @Bean
  @StepScope
  public BundleSectionReader opportunityRows(@Value("#{stepExecution}") StepExecution step,
                                                      ChunksRepository chunks, ObjectMapper bundleMapper,
                                                      Progress progress) {
    return rows(step, BundleFormat.OPPORTUNITIES, chunks, bundleMapper, progress);
  }

  @Bean
  @StepScope
  public PipelineImportWriter pipelineImporter(@Value("#{stepExecution}") StepExecution step,
                                                                    ImportRepository importRepository, Progress progress) {
    return new PipelineImportWriter(ImportTarget.of(step.getJobExecution()), importRepository, progress);
  }

  @Bean
  @StepScope
  public StageImportWriter stageImporter(@Value("#{stepExecution}") StepExecution step,
                                                              ImportRepository importRepository, Progress progress) {
    return new StageImportWriter(ImportTarget.of(step.getJobExecution()), importRepository, progress);
  }

  @Bean
  @StepScope
  public OpportunityImportWriter opportunityImporter(@Value("#{stepExecution}") StepExecution step,
                                                                          ImportRepository importRepository,
                                                                          Progress progress) {
    return new OpportunityImportWriter(ImportTarget.of(step.getJobExecution()), importRepository, progress);
  }

  private static BundleSectionReader rows(StepExecution step, String section, ChunksRepository chunks,
                                                   ObjectMapper mapper, Progress progress) {
    JobExecution job = step.getJobExecution();
    long total = job.getExecutionContext().getLong(ROWS_KEY_PREFIX + section, 0L);
    return new BundleSectionReader(source(job, chunks), mapper, section, progress, total);
  }

  static BundleSource source(JobExecution job, ChunksRepository chunks) {
    JobParameters params = job.getJobParameters();
    String file = params.getString(JobParams.LOCAL_FILE);
    return file != null ? BundleSource.file(Path.of(file))
        : BundleSource.chunks(chunks, UUID.fromString(params.getString(JobParams.ORG_ID)),
            UUID.fromString(params.getString(JobParams.JOB_ID)));
  }
}
