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
import io.drippulse.crm.worker.WorkerConfig;
import io.drippulse.crm.worker.jobs.RunningExecution;
import io.drippulse.crm.worker.storage.BundleSource;
import io.drippulse.crm.worker.storage.ChunksRepository;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
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
import org.springframework.batch.infrastructure.item.ItemStreamException;
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
 * together. Readers bind and shape-check each row (a rejected row travels on with its reason); writers
 * check references, write, and record the rejections. A restart after a crash resumes every step at its last commit.
 */
@Configuration
public class ImportJobConfiguration {

  public static final String JOB_NAME = "portabilityImport";
  public static final String ROWS_KEY_PREFIX = "rows.";
  private static final int SMALL_CHUNK = 100;
  private static final int OPPORTUNITY_CHUNK = 5000;
  /** The smallest pool that leaves a connection for HalfChunkWriter; a smaller one imports on one connection. */
  private static final int HALF_WRITER_POOL = 4;

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
                              ItemStreamReader<Checked<BundlePipeline>> pipelineRows,
                              ItemStreamWriter<Checked<BundlePipeline>> pipelineImporter) {
    return new StepBuilder("importPipelines", jobRepository).<Checked<BundlePipeline>, Checked<BundlePipeline>>chunk(SMALL_CHUNK)
        .transactionManager(transactionManager).reader(pipelineRows).writer(pipelineImporter).build();
  }

  @Bean
  public Step importStages(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           ItemStreamReader<Checked<BundleStage>> stageRows,
                           ItemStreamWriter<Checked<BundleStage>> stageImporter) {
    return new StepBuilder("importStages", jobRepository).<Checked<BundleStage>, Checked<BundleStage>>chunk(SMALL_CHUNK)
        .transactionManager(transactionManager).reader(stageRows).writer(stageImporter).build();
  }

  @Bean
  public Step importOpportunities(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  ItemStreamReader<Checked<BundleOpportunity>> opportunityRows,
                                  ItemStreamWriter<Checked<BundleOpportunity>> opportunityImporter) {
    return new StepBuilder("importOpportunities", jobRepository)
        .<Checked<BundleOpportunity>, Checked<BundleOpportunity>>chunk(OPPORTUNITY_CHUNK)
        .transactionManager(transactionManager).reader(opportunityRows).writer(opportunityImporter).build();
  }

  @Bean
  @StepScope
  public BundleSectionReader<BundlePipeline> pipelineRows(@Value("#{stepExecution}") StepExecution step,
                                                          ChunksRepository chunks, ObjectMapper bundleMapper,
                                                          Progress progress) {
    return rows(step, BundleFormat.PIPELINES, BundleRows::pipeline, chunks, bundleMapper, progress);
  }

  @Bean
  @StepScope
  public BundleSectionReader<BundleStage> stageRows(@Value("#{stepExecution}") StepExecution step,
                                                    ChunksRepository chunks, ObjectMapper bundleMapper,
                                                    Progress progress) {
    return rows(step, BundleFormat.STAGES, BundleRows::stage, chunks, bundleMapper, progress);
  }

  @Bean
  @StepScope
  public BundleSectionReader<BundleOpportunity> opportunityRows(@Value("#{stepExecution}") StepExecution step,
                                                                ChunksRepository chunks, ObjectMapper bundleMapper,
                                                                Progress progress) {
    return rows(step, BundleFormat.OPPORTUNITIES, BundleRows::opportunity, chunks, bundleMapper, progress);
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

  /**
   * No inferred destroy method: the step closes the writer (and its second connection) when it ends, on its
   * own thread; the container must not close it from a shutdown hook while a chunk is still being written.
   */
  @Bean(destroyMethod = "")
  @StepScope
  public OpportunityImportWriter opportunityImporter(@Value("#{stepExecution}") StepExecution step,
                                                     ImportRepository importRepository, Progress progress,
                                                     DataSource dataSource, WorkerConfig config) {
    // the half writer's connection comes on top of the chunk's, the job repository's and the bundle's
    Supplier<HalfChunkWriter> halves = config.poolSize() < HALF_WRITER_POOL ? null : () -> {
      try {
        return HalfChunkWriter.open(dataSource);
      } catch (SQLException e) {
        throw new ItemStreamException("could not open the import's second connection", e);
      }
    };
    return new OpportunityImportWriter(ImportTarget.of(step.getJobExecution()), importRepository, progress, halves);
  }

  private static <T> BundleSectionReader<T> rows(StepExecution step, String section,
                                                 BundleSectionReader.RowBinder<T> binder, ChunksRepository chunks,
                                                 ObjectMapper mapper, Progress progress) {
    JobExecution job = step.getJobExecution();
    long total = job.getExecutionContext().getLong(ROWS_KEY_PREFIX + section, 0L);
    return new BundleSectionReader<>(source(job, chunks), mapper, section, binder, progress, total);
  }

  static BundleSource source(JobExecution job, ChunksRepository chunks) {
    JobParameters params = job.getJobParameters();
    String file = params.getString(JobParams.LOCAL_FILE);
    return file != null ? BundleSource.file(Path.of(file))
        : BundleSource.chunks(chunks, UUID.fromString(params.getString(JobParams.ORG_ID)),
            UUID.fromString(params.getString(JobParams.JOB_ID)));
  }
}
